<#
.SYNOPSIS
    Where a new session's first token goes: each step of the cold-start script timed inside new pwsh processes.
.DESCRIPTION
    Not part of the goals (build.ps1 -Task Bench times whole processes): for finding what a new session spends beyond
    the no-op module. Each run is a new pwsh that imports the module, makes a Voice grant, mints one token and decodes
    it, as the ColdStart ratio's script does, and reads around each step the stopwatch, the time the JIT spent
    ([System.Runtime.JitInfo]) and, on Linux, the process's minor page faults. Runs alternate between TwilioTokens and
    the no-op module; the medians of each step are printed, in milliseconds.

    dotnet pwsh -NoProfile -File tests/benchmarks/Measure-ColdSteps.ps1 -ModulePath out/TwilioTokens/TwilioTokens.psd1 `
        -NoOpModulePath out/bench/NoOpTokens/NoOpTokens.psd1
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $NoOpModulePath,
    [int] $Runs = 5
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
Import-Module (Join-Path $PSScriptRoot 'BenchmarkHelpers.psm1') # Get-Median, Invoke-NewPwsh

function Get-StepScript([string] $Module, [string[]] $Verbs) {
    @"
`$watch = [Diagnostics.Stopwatch]::StartNew()
function Step([string] `$Name) {
    `$faults = if (`$IsLinux) { [long] (Get-Content /proc/self/stat -Raw).Split(' ')[9] } else { 0 }
    '{0} {1} {2} {3}' -f `$Name, `$watch.Elapsed.TotalMilliseconds, [System.Runtime.JitInfo]::GetCompilationTime(`$true).TotalMilliseconds, `$faults
}
`$cred = [pscredential]::new('SK00000000000000000000000000000001', (ConvertTo-SecureString 'fake-secret-do-not-use-0123456789' -AsPlainText -Force))
Step start
Import-Module '$Module'
Step import
`$grant = $($Verbs[0]) -IncomingAllow
Step grant
`$token = $($Verbs[1]) alice -Grant `$grant -AccountSid 'AC00000000000000000000000000000001' -Credential `$cred
Step mint
`$null = $($Verbs[2]) "`$token"
Step decode
"@
}

$scratch = Join-Path ([IO.Path]::GetTempPath()) "twiliotokens-coldsteps-$PID"
New-Item -ItemType Directory -Path $scratch -Force | Out-Null
$sides = [ordered]@{
    TwilioTokens = Join-Path $scratch 'steps-TwilioTokens.ps1'
    NoOp         = Join-Path $scratch 'steps-NoOp.ps1'
}
Set-Content $sides.TwilioTokens (Get-StepScript (Resolve-Path $ModulePath).Path 'New-TwilioVoiceGrant', 'New-TwilioAccessToken', 'ConvertFrom-TwilioAccessToken')
Set-Content $sides.NoOp (Get-StepScript (Resolve-Path $NoOpModulePath).Path 'New-NoOpGrant', 'New-NoOpToken', 'ConvertFrom-NoOpToken')
$steps = @{}
try {
    for ($run = 0; $run -lt $Runs; $run++) {
        foreach ($side in $sides.Keys) {
            $previous = $null
            foreach ($line in Invoke-NewPwsh $sides[$side]) {
                $name, $ms, $jit, $faults = $line -split ' '
                $now = [double[]] @([double]::Parse($ms, [cultureinfo]::InvariantCulture), [double]::Parse($jit, [cultureinfo]::InvariantCulture), [double] $faults)
                if ($previous) {
                    $key = "$side/$name"
                    if (-not $steps.ContainsKey($key)) { $steps[$key] = @{ Ms = @(); Jit = @(); Faults = @() } }
                    $steps[$key].Ms += $now[0] - $previous[0]
                    $steps[$key].Jit += $now[1] - $previous[1]
                    $steps[$key].Faults += $now[2] - $previous[2]
                }
                $previous = $now
            }
        }
    }
}
finally {
    Remove-Item $scratch -Recurse -Force -ErrorAction SilentlyContinue
}

foreach ($side in $sides.Keys) {
    foreach ($name in 'import', 'grant', 'mint', 'decode') {
        $s = $steps["$side/$name"]
        [pscustomobject]@{
            Module    = $side
            Step      = $name
            Ms        = [Math]::Round((Get-Median $s.Ms), 1)
            JitMs     = [Math]::Round((Get-Median $s.Jit), 1)
            Faults    = Get-Median $s.Faults
        }
    }
}
