<#
.SYNOPSIS
    The per-item and decoding ratios in one long-warmed pwsh: for comparing two builds of the module, not for the goals.
.DESCRIPTION
    Measure-PowerShell.ps1 takes its pairs soon after a short warm-up, when PowerShell's own code is still being
    recompiled, so its figures move with how warmed the session is. This script runs many rounds of the same pipelines
    in one process (20,000 items each way per round, heap collected before each run) and reports the median ratio of
    the last half, streamed on to Out-Null and with every output kept, as in Measure-PowerShell.ps1. To compare two
    builds, copy each built module aside and alternate them, one pwsh each (docs/performance.md):

        dotnet pwsh -NoProfile -File tests/benchmarks/Measure-Warmed.ps1 -ModulePath <copy>/TwilioTokens.psd1 `
            -NoOpModulePath out/bench/NoOpTokens/NoOpTokens.psd1 -Pipeline Decoding
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $NoOpModulePath,
    [ValidateSet('PerItem', 'Decoding')] [string] $Pipeline = 'Decoding',
    [int] $Rounds = 16,
    [int] $Count = 20000,
    # Prints each measured round's times per item (the cmdlets' own -Verbose output would drown them).
    [switch] $ShowRounds
)

$ErrorActionPreference = 'Stop'
Import-Module (Resolve-Path $ModulePath).Path
Import-Module (Resolve-Path $NoOpModulePath).Path
$AccountSid = 'AC00000000000000000000000000000001'
$cred = [pscredential]::new('SK00000000000000000000000000000001', (ConvertTo-SecureString 'fake-secret-do-not-use-0123456789' -AsPlainText -Force))

if ($Pipeline -eq 'PerItem') {
    $voice = New-TwilioVoiceGrant -IncomingAllow
    $noOpGrant = New-NoOpGrant -IncomingAllow
    $rows = @('Identity,Team') + @(foreach ($i in 1..$Count) { "user$i,blue" }) | ConvertFrom-Csv
    $ours = { $rows | New-TwilioAccessToken -Grant $voice -AccountSid $AccountSid -Credential $cred }
    $floor = { $rows | New-NoOpToken -Grant $noOpGrant -AccountSid $AccountSid -Credential $cred }
}
else {
    $voice = New-TwilioVoiceGrant -IncomingAllow -OutgoingApplicationSid AP00000000000000000000000000000001
    $names = foreach ($i in 1..$Count) { "user$i" }
    $jwts = [string[]] @((New-TwilioAccessToken -Identity $names -Grant $voice -AccountSid $AccountSid -Credential $cred).Jwt)
    $ours = { $jwts | ConvertFrom-TwilioAccessToken }
    $floor = { $jwts | ConvertFrom-NoOpToken }
}

function Clear-Heap { [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect() }
function Measure-Streamed([scriptblock] $Block) {
    Clear-Heap; $watch = [Diagnostics.Stopwatch]::StartNew(); & $Block | Out-Null; $watch.Elapsed.TotalMilliseconds
}
function Measure-Kept([scriptblock] $Block) {
    Clear-Heap; $watch = [Diagnostics.Stopwatch]::StartNew(); $null = & $Block; $watch.Elapsed.TotalMilliseconds
}
function Get-Median([double[]] $Values) { $sorted = [double[]] ($Values | Sort-Object); $sorted[[int][Math]::Floor($sorted.Count / 2)] }

$streamed = @(); $kept = @()
for ($round = 0; $round -lt $Rounds; $round++) {
    $f = Measure-Streamed $floor; $o = Measure-Streamed $ours
    $fk = Measure-Kept $floor; $ok = Measure-Kept $ours
    if ($round -ge $Rounds / 2) {
        $streamed += $f / $o; $kept += $fk / $ok
        if ($ShowRounds) {
            Write-Host ('round {0}: streamed ours {1:N2} us, no-op {2:N2} us; kept ours {3:N2} us, no-op {4:N2} us' -f
                $round, ($o * 1000 / $Count), ($f * 1000 / $Count), ($ok * 1000 / $Count), ($fk * 1000 / $Count))
        }
    }
}
'{0}, warmed ({1} rounds of {2}, medians of the last half): streamed {3:N3}, kept {4:N3}' -f $Pipeline, $Rounds, $Count,
    (Get-Median $streamed), (Get-Median $kept)
