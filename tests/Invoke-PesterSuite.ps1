<#
.SYNOPSIS
    Runs every tests/*.Tests.ps1 against the built module and writes the counts for build.ps1 to sum.
.NOTES
    build.ps1 starts this in a new pwsh so that the suites see the module exactly as installed in out/.
#>
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $ResultFile
)

$ErrorActionPreference = 'Stop'
# build.ps1 reads this run through a pipe and CI keeps it in a log: no ANSI escape codes there, from PowerShell's
# formatting (errors, tables) or from Pester's own colours.
$redirected = [Console]::IsOutputRedirected
if ($redirected) { $PSStyle.OutputRendering = 'PlainText' }
Import-Module $PesterPath -Force
$env:TWILIOTOKENS_MODULE = Join-Path (Resolve-Path $ModulePath) 'TwilioTokens.psd1'

$config = New-PesterConfiguration
$config.Run.Path = @(Get-ChildItem $PSScriptRoot -Filter '*.Tests.ps1' | ForEach-Object FullName)
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Normal'
if ($redirected) { $config.Output.RenderMode = 'Plaintext' }
$config.TestResult.Enabled = $true
$config.TestResult.OutputPath = Join-Path (Split-Path $ResultFile) 'pester.xml'
$result = Invoke-Pester -Configuration $config

# A block or file that fails outside any test still fails the run.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
@{ Passed = $result.PassedCount; Failed = $failed; Skipped = $result.SkippedCount } |
    ConvertTo-Json | Set-Content -Path $ResultFile
