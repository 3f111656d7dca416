<#
.SYNOPSIS
    The collected decoding ratio of Measure-PowerShell.ps1 alone, in a minute: for comparing two builds of the module quickly.
.DESCRIPTION
    Same method as the Decoding part of Measure-PowerShell.ps1: Count tokens, a 1,000-token warm-up on each side,
    then Runs interleaved pairs of `$null = $jwts | ConvertFrom-NoOpToken` and `$null = $jwts | ConvertFrom-TwilioAccessToken`
    (the assignment collects the results before discarding them, as `$decoded = $jwts | ...` does). Prints the median
    of the pairs' throughput ratios, the median time per token of each side, and the bytes allocated per token by ours.
.EXAMPLE
    dotnet pwsh -NoProfile -File tests/benchmarks/Measure-Decoding.ps1 -ModulePath out/TwilioTokens/TwilioTokens.psd1 -NoOpModulePath out/bench/NoOpTokens/NoOpTokens.psd1
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $NoOpModulePath,
    [int] $Count = 20000,
    [int] $Runs = 5
)

$ErrorActionPreference = 'Stop'
Import-Module (Resolve-Path $ModulePath).Path
Import-Module (Resolve-Path $NoOpModulePath).Path
$cred = [pscredential]::new('SK00000000000000000000000000000001', (ConvertTo-SecureString 'fake-secret-do-not-use-0123456789' -AsPlainText -Force))
$voice = New-TwilioVoiceGrant -IncomingAllow -OutgoingApplicationSid APabababababababababababababababab
$names = foreach ($i in 1..$Count) { "user$i" }
$jwts = [string[]] @((New-TwilioAccessToken -Identity $names -Grant $voice -AccountSid AC00000000000000000000000000000001 -Credential $cred).Jwt)
$null = $jwts[0..999] | ConvertFrom-TwilioAccessToken
$null = $jwts[0..999] | ConvertFrom-NoOpToken

function Get-Median([double[]] $Values) { $s = [double[]] ($Values | Sort-Object); $s[[int][Math]::Floor($s.Count / 2)] }

$ratios = @(); $ours = @(); $floor = @(); $bytes = 0
# Each side starts from a collected heap, as in Measure-PowerShell.ps1.
function Clear-Heap { [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect() }
for ($run = 0; $run -lt $Runs; $run++) {
    Clear-Heap
    $watch = [Diagnostics.Stopwatch]::StartNew(); $null = $jwts | ConvertFrom-NoOpToken; $f = $watch.Elapsed.TotalMilliseconds
    Clear-Heap
    $before = [GC]::GetAllocatedBytesForCurrentThread()
    $watch = [Diagnostics.Stopwatch]::StartNew(); $null = $jwts | ConvertFrom-TwilioAccessToken; $o = $watch.Elapsed.TotalMilliseconds
    $bytes = ([GC]::GetAllocatedBytesForCurrentThread() - $before) / $Count
    $ratios += $f / $o; $ours += $o; $floor += $f
}
'decoding ratio {0:N3} (pairs: {1}); ours {2:N1} us/token, no-op {3:N1} us/token; ours allocates {4:N0} B/token' -f (Get-Median $ratios),
    (($ratios | ForEach-Object { $_.ToString('N3') }) -join ', '), ((Get-Median $ours) * 1000 / $Count), ((Get-Median $floor) * 1000 / $Count), $bytes
