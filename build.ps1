#Requires -Version 7.2
<#
.SYNOPSIS
    Builds, tests and demonstrates the TwilioTokens module.
.DESCRIPTION
    Clean  removes out/ and every bin/ and obj/ folder.
    Build  publishes the two assemblies and lays out out/TwilioTokens/ exactly as users install it, help included.
    Help   checks the help pages in docs/en-US and writes what Get-Help reads into out/TwilioTokens/en-US.
    Test   builds and packages, restores the test tools from NuGet and Prism from npm (tests/rest), runs every
           tests/*.Tests.ps1 in a new pwsh against out/TwilioTokens (and the package) and the C# tests, then prints
           one line: "N passed, N failed".
    Demo   builds, mints a Voice token with clearly fake credentials and shows it decoded.
    Package
           builds, then writes out/packages/TwilioTokens.<version>.nupkg with Publish-PSResource, through a
           folder repository registered for the moment and unregistered again.
    Bench  builds, times users' jobs in new pwsh processes against their peers (tests/benchmarks/Measure-Jobs.ps1)
           and prints each ratio next to its goal. See docs/performance.md.
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Bench
#>
[CmdletBinding()]
param(
    [ValidateSet('Clean', 'Build', 'Help', 'Test', 'Demo', 'Package', 'Bench')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$RepoRoot = $PSScriptRoot
$OutRoot = Join-Path $RepoRoot 'out'
$ModuleOut = Join-Path $OutRoot 'TwilioTokens'
$DependenciesOut = Join-Path $ModuleOut 'dependencies'
$PackagesOut = Join-Path $OutRoot 'packages'
$PesterVersion = '5.7.1'

# The engine's published files that make up dependencies/. Listed, not globbed, so that a new transitive
# dependency is a deliberate change and nothing stray (deps.json, PowerShell's own assemblies) ships.
$EngineFiles = @(
    'TwilioTokens.Engine.dll'
    'System.IdentityModel.Tokens.Jwt.dll'
    'Microsoft.IdentityModel.JsonWebTokens.dll'
    'Microsoft.IdentityModel.Tokens.dll'
    'Microsoft.IdentityModel.Logging.dll'
    'Microsoft.IdentityModel.Abstractions.dll'
    'Microsoft.Bcl.AsyncInterfaces.dll'
    'Microsoft.Bcl.Cryptography.dll'
    'Microsoft.Bcl.TimeProvider.dll'
    'Microsoft.CSharp.dll'
    'Microsoft.Extensions.Logging.Abstractions.dll'
    'System.Buffers.dll'
    'System.Diagnostics.DiagnosticSource.dll'
    'System.Formats.Asn1.dll'
    'System.Memory.dll'
    'System.Numerics.Vectors.dll'
    'System.Runtime.CompilerServices.Unsafe.dll'
    'System.Security.Cryptography.Cng.dll'
    'System.Text.Encodings.Web.dll'
    'System.Text.Json.dll'
    'System.Threading.Tasks.Extensions.dll'
)

function Invoke-Native {
    # Runs a native command and stops the build when it fails: $ErrorActionPreference does not cover exit codes.
    param([Parameter(Mandatory)] [string] $Command, [string[]] $Arguments)
    # Out-Host: a function's output is its return value, so the tools' own output must not join it.
    & $Command @Arguments | Out-Host
    if ($LASTEXITCODE -ne 0) {
        throw "'$Command $($Arguments -join ' ')' failed with exit code $LASTEXITCODE."
    }
}

function Get-ModuleVersion {
    # Directory.Build.props is the one place the version is set; the assemblies get it from MSBuild.
    [xml] $props = Get-Content (Join-Path $RepoRoot 'Directory.Build.props') -Raw
    $props.Project.PropertyGroup.VersionPrefix | Where-Object { $_ } | Select-Object -First 1
}

function Invoke-Clean {
    Remove-Item $OutRoot -Recurse -Force -ErrorAction SilentlyContinue
    Get-ChildItem $RepoRoot -Directory -Recurse -Include bin, obj -ErrorAction SilentlyContinue |
        Where-Object FullName -NotLike '*node_modules*' |
        Remove-Item -Recurse -Force -ErrorAction SilentlyContinue
}

function Invoke-Build {
    $staging = Join-Path $OutRoot 'staging'
    Remove-Item $ModuleOut, $staging -Recurse -Force -ErrorAction SilentlyContinue
    Invoke-Native dotnet @('publish', (Join-Path $RepoRoot 'src/TwilioTokens/TwilioTokens.csproj'),
        '-c', $Configuration, '-o', (Join-Path $staging 'root'), '--nologo', '-v', 'quiet')
    Invoke-Native dotnet @('publish', (Join-Path $RepoRoot 'src/TwilioTokens.Engine/TwilioTokens.Engine.csproj'),
        '-c', $Configuration, '-o', (Join-Path $staging 'engine'), '--nologo', '-v', 'quiet')

    New-Item -ItemType Directory -Path $DependenciesOut -Force | Out-Null
    Copy-Item (Join-Path $staging 'root/TwilioTokens.dll') $ModuleOut
    Copy-Item (Join-Path $RepoRoot 'src/TwilioTokens/TwilioTokens.Format.ps1xml') $ModuleOut
    foreach ($file in $EngineFiles) {
        $source = Join-Path $staging "engine/$file"
        if (-not (Test-Path $source)) {
            throw "The engine's publish output lacks $file; update `$EngineFiles in build.ps1 if its dependencies changed."
        }
        Copy-Item $source $DependenciesOut
    }

    $version = Get-ModuleVersion
    $manifest = Get-Content (Join-Path $RepoRoot 'TwilioTokens.psd1') -Raw
    $manifest = $manifest -replace "ModuleVersion\s*=\s*'[^']*'", "ModuleVersion = '$version'"
    Set-Content -Path (Join-Path $ModuleOut 'TwilioTokens.psd1') -Value $manifest -NoNewline
    Copy-Item (Join-Path $RepoRoot 'LICENSE') $ModuleOut
    Invoke-Help
    Write-Host "Built TwilioTokens $version in $ModuleOut"
}

function Invoke-Package {
    # Publish-PSResource only publishes to a registered repository, so out/packages is registered under a unique
    # name for the length of the publish and unregistered in any case: the user's repository list is left as found.
    Invoke-Build
    $version = Get-ModuleVersion
    New-Item -ItemType Directory -Path $PackagesOut -Force | Out-Null
    Remove-Item (Join-Path $PackagesOut "TwilioTokens.$version.nupkg") -ErrorAction SilentlyContinue
    $repository = 'TwilioTokensBuild-' + [guid]::NewGuid().ToString('N')
    Register-PSResourceRepository -Name $repository -Uri $PackagesOut -Trusted
    try {
        Publish-PSResource -Path $ModuleOut -Repository $repository
    }
    finally {
        Unregister-PSResourceRepository -Name $repository
    }
    $package = Join-Path $PackagesOut "TwilioTokens.$version.nupkg"
    if (-not (Test-Path $package)) { throw "Publish-PSResource did not write $package." }
    Write-Host "Packaged $package"
}

function Invoke-Help {
    # docs/en-US holds platyPS markdown (schema 2.0.0); Get-Help reads MAML and about_*.help.txt from en-US/ beside
    # the module. Build-ModuleHelp checks every page (file:line for a page that breaks the schema), then converts
    # with platyPS's New-ExternalHelp where it is installed and with src/HelpConverter otherwise.
    $helpOut = Join-Path $ModuleOut 'en-US'
    Import-Module (Join-Path $RepoRoot 'src/HelpConverter/HelpConverter.psm1') -Force
    Remove-Item $helpOut -Recurse -Force -ErrorAction SilentlyContinue
    $converter = Build-ModuleHelp -Path (Join-Path $RepoRoot 'docs/en-US') -OutputPath $helpOut
    foreach ($file in 'TwilioTokens.dll-Help.xml', 'about_TwilioTokens.help.txt') {
        if (-not (Test-Path (Join-Path $helpOut $file))) { throw "The help build wrote no en-US/$file." }
    }
    Write-Host "Help written to $helpOut with $converter"
}

function Get-PesterModulePath {
    Invoke-Native dotnet @('restore', (Join-Path $RepoRoot 'tests/tools/TestTools.csproj'), '--nologo', '-v', 'quiet')
    $packages = (& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', ''
    $path = Join-Path $packages.Trim() "pester/$PesterVersion/tools/Pester.psd1"
    if (-not (Test-Path $path)) { throw "Pester $PesterVersion was not restored to $path." }
    $path
}

function Install-Prism {
    # Prism, the mock server the REST suites run against, from the committed lock file (npm ci). Skipped when
    # node_modules already holds exactly that lock file's install: npm ci starts by deleting node_modules.
    $restDir = Join-Path $RepoRoot 'tests/rest'
    $stamp = Join-Path $restDir 'node_modules/.twiliotokens-lock.sha256'
    $hash = (Get-FileHash (Join-Path $restDir 'package-lock.json') -Algorithm SHA256).Hash
    if ((Test-Path $stamp) -and (Get-Content $stamp -Raw).Trim() -eq $hash) { return }
    Push-Location $restDir
    try {
        # --ignore-scripts: nothing in Prism's tree needs an install script (one only reports analytics).
        Invoke-Native npm @('ci', '--ignore-scripts', '--no-audit', '--no-fund')
    }
    finally {
        Pop-Location
    }
    Set-Content -Path $stamp -Value $hash
}

function Invoke-CSharpTests {
    # Returns @{ Passed; Failed } read from the TRX files dotnet test writes.
    $resultsDir = Join-Path $OutRoot 'test-results/csharp'
    Remove-Item $resultsDir -Recurse -Force -ErrorAction SilentlyContinue
    $projects = Get-ChildItem (Join-Path $RepoRoot 'tests') -Recurse -Filter '*.Tests.csproj'
    $passed = 0; $failed = 0
    foreach ($project in $projects) {
        & dotnet test $project.FullName -c $Configuration --nologo --logger 'trx' --results-directory $resultsDir | Out-Host
        $trx = Get-ChildItem $resultsDir -Filter '*.trx' -ErrorAction SilentlyContinue
        if (-not $trx) {
            # It did not even build or start: count the project as one failure so the run cannot pass.
            $failed++
            continue
        }
        foreach ($file in $trx) {
            [xml] $doc = Get-Content $file.FullName -Raw
            $counters = $doc.TestRun.ResultSummary.Counters
            $passed += [int] $counters.passed
            $failed += [int] $counters.failed + [int] $counters.error + [int] $counters.timeout + [int] $counters.aborted
            Remove-Item $file.FullName
        }
    }
    @{ Passed = $passed; Failed = $failed }
}

function Invoke-PesterTests {
    # A new pwsh, so the suite loads the module from out/ the way a user's session does.
    param([Parameter(Mandatory)] [string] $PesterPath)
    $resultFile = Join-Path $OutRoot 'test-results/pester-summary.json'
    Remove-Item $resultFile -ErrorAction SilentlyContinue
    New-Item -ItemType Directory -Path (Split-Path $resultFile) -Force | Out-Null
    & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $RepoRoot 'tests/Invoke-PesterSuite.ps1') `
        -PesterPath $PesterPath -ModulePath $ModuleOut -ResultFile $resultFile | Out-Host
    if (-not (Test-Path $resultFile)) {
        return @{ Passed = 0; Failed = 1 }
    }
    $summary = Get-Content $resultFile -Raw | ConvertFrom-Json
    @{ Passed = [int] $summary.Passed; Failed = [int] $summary.Failed }
}

function Invoke-Test {
    # Package builds first; the package test installs what users would install.
    Invoke-Package
    $env:TWILIOTOKENS_PACKAGE = Join-Path $PackagesOut "TwilioTokens.$(Get-ModuleVersion).nupkg"
    Invoke-Native dotnet @('build', (Join-Path $RepoRoot 'tests/TwilioTokens.Oracle/TwilioTokens.Oracle.csproj'),
        '-c', $Configuration, '-o', (Join-Path $OutRoot 'oracle'), '--nologo', '-v', 'quiet')
    $env:TWILIOTOKENS_ORACLE = Join-Path $OutRoot 'oracle/TwilioTokens.Oracle.dll'
    # The stand-ins for Twilio's REST API: the project's fault-injecting fake, and Prism.
    Invoke-Native dotnet @('build', (Join-Path $RepoRoot 'tests/TwilioTokens.FakeTwilio/TwilioTokens.FakeTwilio.csproj'),
        '-c', $Configuration, '-o', (Join-Path $OutRoot 'fake'), '--nologo', '-v', 'quiet')
    $env:TWILIOTOKENS_FAKE_TWILIO = Join-Path $OutRoot 'fake/TwilioTokens.FakeTwilio.dll'
    Install-Prism
    $pester = Invoke-PesterTests -PesterPath (Get-PesterModulePath)
    $csharp = Invoke-CSharpTests
    $passed = $pester.Passed + $csharp.Passed
    $failed = $pester.Failed + $csharp.Failed
    Write-Host "Pester: $($pester.Passed) passed, $($pester.Failed) failed; C#: $($csharp.Passed) passed, $($csharp.Failed) failed"
    # The closing line CI reads: nothing may be printed after it.
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $RepoRoot 'tests/demo.ps1') -ModulePath $ModuleOut
    if ($LASTEXITCODE -ne 0) { throw "The demo failed with exit code $LASTEXITCODE." }
}

function Invoke-Bench {
    # Ratios, never absolute times: each job is measured against its peer or floor in the same run
    # (tests/benchmarks/Measure-Jobs.ps1, docs/performance.md). Always built in Release.
    Invoke-Build
    $benchRoot = Join-Path $RepoRoot 'tests/benchmarks'
    $benchOut = Join-Path $OutRoot 'bench'
    Remove-Item $benchOut -Recurse -Force -ErrorAction SilentlyContinue
    foreach ($project in 'NoOpTokens', 'TwilioCsharpLoop') {
        Invoke-Native dotnet @('build', (Join-Path $benchRoot "$project/$project.csproj"), '-c', 'Release',
            '-o', (Join-Path $benchOut $project), '--nologo', '-v', 'quiet')
    }
    $resultFile = Join-Path $benchOut 'results.json'
    & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $benchRoot 'Measure-Jobs.ps1') `
        -ModulePath (Join-Path $ModuleOut 'TwilioTokens.psd1') -NoOpModulePath (Join-Path $benchOut 'NoOpTokens/NoOpTokens.psd1') `
        -TwilioLoopPath (Join-Path $benchOut 'TwilioCsharpLoop/TwilioCsharpLoop.dll') -ResultFile $resultFile | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "The measurements failed with exit code $LASTEXITCODE." }

    Write-Host ''
    Write-Host ('{0,-12} {1,8} {2,8}  {3,-4} {4}' -f 'ratio', 'measured', 'goal', 'met', 'detail')
    foreach ($r in Get-Content $resultFile -Raw | ConvertFrom-Json) {
        $goal = '{0} {1:0.##}' -f $(if ($r.Direction -eq 'AtLeast') { '>=' } else { '<=' }), $r.Goal
        Write-Host ('{0,-12} {1,8:0.000} {2,8}  {3,-4} {4}' -f $r.Name, $r.Ratio, $goal, $(if ($r.Met) { 'yes' } else { 'NO' }), $r.Detail)
    }
}

Push-Location $RepoRoot
try {
    foreach ($step in $Task) {
        switch ($step) {
            'Clean' { Invoke-Clean }
            'Build' { Invoke-Build }
            'Help' { Invoke-Help }
            'Test' { Invoke-Test }
            'Demo' { Invoke-Demo }
            'Package' { Invoke-Package }
            'Bench' { Invoke-Bench }
        }
    }
}
finally {
    Pop-Location
}
