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
    # Prints each measured round's times per item, GC pauses, collections and page faults (the cmdlets' own -Verbose
    # output would drown them).
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

# Minor page faults of this process so far (Linux only, else 0): on these VMs a fresh page costs about 17 us, so the
# memory a run newly touches shows in its time (docs/performance.md).
function Get-MinorFaults {
    if (-not (Test-Path /proc/self/stat)) { return 0 }
    [long] (([IO.File]::ReadAllText('/proc/self/stat') -split '\) ')[1].Split(' ')[7])
}

# One timed run: milliseconds, and what -ShowRounds prints beside them (GC pauses, collections, faults). It follows an
# untimed run of the same pipeline and way, as in Measure-PowerShell.ps1's Measure-Pipeline: a first kept run after a
# streamed one costs about 1 us a row more, whichever side runs it.
function Measure-Run([scriptblock] $Block, [switch] $Keep) {
    if ($Keep) { $null = & $Block } else { & $Block | Out-Null }
    Clear-Heap
    $pause = [GC]::GetTotalPauseDuration(); $gen0 = [GC]::CollectionCount(0); $gen1 = [GC]::CollectionCount(1); $faults = Get-MinorFaults
    $watch = [Diagnostics.Stopwatch]::StartNew()
    if ($Keep) { $null = & $Block } else { & $Block | Out-Null }
    $watch.Stop()
    [pscustomobject]@{
        Ms      = $watch.Elapsed.TotalMilliseconds
        PauseMs = ([GC]::GetTotalPauseDuration() - $pause).TotalMilliseconds
        Gen0    = [GC]::CollectionCount(0) - $gen0
        Gen1    = [GC]::CollectionCount(1) - $gen1
        Faults  = (Get-MinorFaults) - $faults
    }
}
function Format-Run($Run) {
    '{0:N2} us ({1:N2} us paused, gen0/1 {2}/{3}, {4:N0} faults)' -f ($Run.Ms * 1000 / $Count), ($Run.PauseMs * 1000 / $Count),
        $Run.Gen0, $Run.Gen1, $Run.Faults
}
function Get-Median([double[]] $Values) { $sorted = [double[]] ($Values | Sort-Object); $sorted[[int][Math]::Floor($sorted.Count / 2)] }

$streamed = @(); $kept = @()
for ($round = 0; $round -lt $Rounds; $round++) {
    $f = Measure-Run $floor; $o = Measure-Run $ours
    $fk = Measure-Run $floor -Keep; $ok = Measure-Run $ours -Keep
    if ($round -ge $Rounds / 2) {
        $streamed += $f.Ms / $o.Ms; $kept += $fk.Ms / $ok.Ms
        if ($ShowRounds) {
            Write-Host ("round {0}, per item:`n  streamed: ours {1}; no-op {2}`n  kept:     ours {3}; no-op {4}" -f
                $round, (Format-Run $o), (Format-Run $f), (Format-Run $ok), (Format-Run $fk))
        }
    }
}
'{0}, warmed ({1} rounds of {2}, medians of the last half): streamed {3:N3}, kept {4:N3}' -f $Pipeline, $Rounds, $Count,
    (Get-Median $streamed), (Get-Median $kept)
