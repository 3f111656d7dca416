#Requires -Version 7.2
<#
.SYNOPSIS
    Builds, tests and demonstrates the TwilioTokens module.
.DESCRIPTION
    Clean  removes out/ and every bin/ and obj/ folder.
    Build  publishes the two assemblies and lays out out/TwilioTokens/ exactly as users install it, help included.
    Help   checks the help pages in docs/en-US with platyPS and writes what Get-Help reads into
           out/TwilioTokens/en-US: the MAML of the cmdlet pages (Export-MamlCommandHelp) and about_TwilioTokens.help.txt.
    UpdateHelp
           builds, then refreshes the cmdlet pages in docs/en-US from the built module with platyPS's
           Update-MarkdownCommandHelp: a new parameter gets its yaml block and a placeholder to fill in.
    Test   builds and packages, restores the test tools from NuGet and Prism from npm (tests/rest), runs every
           tests/*.Tests.ps1 in a new pwsh against out/TwilioTokens (and the package), PSScriptAnalyzer over the
           repository's scripts included, and the C# tests, then prints one line: "N passed, N failed".
    Every task that needs them first saves the PowerShell modules the build uses (platyPS, PSScriptAnalyzer,
    SecretManagement and SecretStore for the tests) into out/tools with Save-PSResource: from the PowerShell
    Gallery when it answers, otherwise from -ToolRepository.
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
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Test -ToolRepository /srv/psgallery-mirror
#>
[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSReviewUnusedParameter', '',
    Justification = 'Configuration and ToolRepository are read by the functions below, which the rule does not follow.')]
[CmdletBinding()]
param(
    [ValidateSet('Clean', 'Build', 'Help', 'UpdateHelp', 'Test', 'Demo', 'Package', 'Bench')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Where the build's PowerShell modules come from instead of the PowerShell Gallery: a PSResourceGet repository,
    # a folder of .nupkg files or a feed's URI. Default: TWILIOTOKENS_TOOL_REPOSITORY; without either, the Gallery
    # when it answers, else ../shared/gallery beside the clone when that folder exists.
    [string] $ToolRepository = $env:TWILIOTOKENS_TOOL_REPOSITORY
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
# Where build.ps1 was started: a relative -ToolRepository is a folder from there (the tasks run in the repository's root).
$StartLocation = (Get-Location -PSProvider FileSystem).ProviderPath

$RepoRoot = $PSScriptRoot
$OutRoot = Join-Path $RepoRoot 'out'
$ModuleOut = Join-Path $OutRoot 'TwilioTokens'
$DependenciesOut = Join-Path $ModuleOut 'dependencies'
$PackagesOut = Join-Path $OutRoot 'packages'
$ToolsOut = Join-Path $OutRoot 'tools'
$PesterVersion = '5.7.1'
# What the build prints goes to the information stream, which the console and CI's log show.
$InformationPreference = 'Continue'

# The PowerShell modules the build and the tests use, saved into out/tools (never committed): platyPS for the help,
# PSScriptAnalyzer for the lint, SecretManagement and SecretStore for the vault tests.
$BuildTools = [ordered]@{
    'Microsoft.PowerShell.PlatyPS'          = '1.0.3'
    'PSScriptAnalyzer'                      = '1.25.0'
    'Microsoft.PowerShell.SecretManagement' = '1.1.2'
    'Microsoft.PowerShell.SecretStore'      = '1.0.6'
}
$GalleryUri = 'https://www.powershellgallery.com/api/v2'
# The fallback when the Gallery cannot be reached and no -ToolRepository is given: the folder repository that this
# project's CI machines keep beside the clone. The one place the project names it.
$SharedToolRepository = Join-Path $RepoRoot '../shared/gallery'

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
    Write-Information "Built TwilioTokens $version in $ModuleOut"
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
    Write-Information "Packaged $package"
}

function Test-GalleryReachable {
    # One short request: these machines have no route to the Gallery, and Save-PSResource would wait much longer.
    $client = [System.Net.Http.HttpClient]::new()
    $client.Timeout = [timespan]::FromSeconds(5)
    try {
        $response = $client.GetAsync($GalleryUri).GetAwaiter().GetResult()
        $response.IsSuccessStatusCode
    }
    catch {
        $false
    }
    finally {
        $client.Dispose()
    }
}

function Get-ToolSource {
    # The repository to save the build tools from: -ToolRepository (or TWILIOTOKENS_TOOL_REPOSITORY) when given,
    # else the PowerShell Gallery when it answers, else the shared folder repository beside the clone.
    if ($ToolRepository) {
        $folder = if ([System.IO.Path]::IsPathRooted($ToolRepository)) { $ToolRepository } else { Join-Path $StartLocation $ToolRepository }
        if (Test-Path $folder) { return (Resolve-Path $folder).ProviderPath }
        return $ToolRepository
    }
    if (Test-GalleryReachable) { return $GalleryUri }
    if (Test-Path $SharedToolRepository) { return (Resolve-Path $SharedToolRepository).ProviderPath }
    throw "The PowerShell Gallery cannot be reached; pass -ToolRepository (or set TWILIOTOKENS_TOOL_REPOSITORY) to a repository holding $($BuildTools.Keys -join ', ')."
}

function Install-BuildTool {
    # Saves each module of $BuildTools missing from out/tools, at its version, with Save-PSResource from a repository
    # registered under a unique name for the moment and unregistered in any case (the user's list is left as found).
    $missing = @($BuildTools.Keys | Where-Object { -not (Test-Path (Join-Path $ToolsOut "$_/$($BuildTools[$_])/$_.psd1")) })
    if (-not $missing) { return }
    $source = Get-ToolSource
    New-Item -ItemType Directory -Path $ToolsOut -Force | Out-Null
    $repository = 'TwilioTokensTools-' + [guid]::NewGuid().ToString('N')
    Register-PSResourceRepository -Name $repository -Uri $source -Trusted
    try {
        foreach ($name in $missing) {
            # Every module the build needs is listed, so dependencies are not resolved: each version is the pinned one.
            Save-PSResource -Name $name -Version $BuildTools[$name] -Repository $repository -Path $ToolsOut `
                -TrustRepository -SkipDependencyCheck -Quiet -ErrorAction Stop
            if (-not (Test-Path (Join-Path $ToolsOut "$name/$($BuildTools[$name])/$name.psd1"))) {
                throw "Save-PSResource did not save $name $($BuildTools[$name]) from $source into $ToolsOut."
            }
            Write-Information "Saved $name $($BuildTools[$name]) from $source into $ToolsOut"
        }
    }
    finally {
        Unregister-PSResourceRepository -Name $repository
    }
}

function Get-BuildToolPath {
    param([Parameter(Mandatory)] [string] $Name)
    Install-BuildTool
    Join-Path $ToolsOut "$Name/$($BuildTools[$Name])/$Name.psd1"
}

function Invoke-Help {
    # docs/en-US holds platyPS 1.0 markdown (one page per cmdlet) and about_TwilioTokens.help.txt, plain text as
    # Get-Help reads it (platyPS 1.0 has no about topics). Get-Help reads MAML and about_*.help.txt from en-US/
    # beside the module; the MAML is named after the assembly, as PowerShell looks for a binary cmdlet's help.
    Import-Module (Get-BuildToolPath 'Microsoft.PowerShell.PlatyPS') -Force
    $docs = Join-Path $RepoRoot 'docs/en-US'
    $helpOut = Join-Path $ModuleOut 'en-US'
    $staging = Join-Path $OutRoot 'staging/help'
    Remove-Item $helpOut, $staging -Recurse -Force -ErrorAction SilentlyContinue
    $pages = @(Get-ChildItem $docs -Filter '*.md' | Sort-Object Name | Import-MarkdownCommandHelp)
    # What platyPS could not read or found missing in a page (a section, a metadata key) stops the build.
    $broken = foreach ($page in $pages) {
        foreach ($message in $page.Diagnostics.Messages | Where-Object Severity -EQ 'Error') {
            "$($page.Diagnostics.FileName):$($message.Line): $($message.Identifier)"
        }
    }
    if ($broken) { throw "platyPS found errors in the help pages:`n$($broken -join "`n")" }
    $null = $pages | Export-MamlCommandHelp -OutputFolder $staging -Force
    New-Item -ItemType Directory -Path $helpOut -Force | Out-Null
    Copy-Item (Join-Path $staging 'TwilioTokens/TwilioTokens.dll-Help.xml') $helpOut
    Copy-Item (Join-Path $docs 'about_TwilioTokens.help.txt') $helpOut
    Write-Information "Help written to $helpOut with platyPS $($BuildTools['Microsoft.PowerShell.PlatyPS'])"
}

function Invoke-UpdateHelp {
    # Update-MarkdownCommandHelp merges each page with the command as the built module declares it (syntax,
    # parameters, inputs, outputs), keeping the text; it runs in a new pwsh that imports the module from out/.
    Invoke-Build
    $platyPS = Get-BuildToolPath 'Microsoft.PowerShell.PlatyPS'
    $script = "Import-Module '$platyPS'; Import-Module '$(Join-Path $ModuleOut 'TwilioTokens.psd1')'; " +
        "Get-ChildItem '$(Join-Path $RepoRoot 'docs/en-US')' -Filter '*.md' | Update-MarkdownCommandHelp -NoBackup -ErrorAction Stop"
    & dotnet pwsh -NoProfile -NonInteractive -Command $script
    if ($LASTEXITCODE -ne 0) { throw "Update-MarkdownCommandHelp failed with exit code $LASTEXITCODE." }
    Write-Information 'docs/en-US refreshed from the built module: review the diff, fill in every {{ ... }} placeholder.'
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

function Invoke-CSharpTest {
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

function Invoke-PesterTest {
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
    # platyPS for the help tests, PSScriptAnalyzer for the lint, SecretManagement and SecretStore for the vault tests.
    Install-BuildTool
    $env:TWILIOTOKENS_TOOLS = $ToolsOut
    $pester = Invoke-PesterTest -PesterPath (Get-PesterModulePath)
    $csharp = Invoke-CSharpTest
    $passed = $pester.Passed + $csharp.Passed
    $failed = $pester.Failed + $csharp.Failed
    Write-Information "Pester: $($pester.Passed) passed, $($pester.Failed) failed; C#: $($csharp.Passed) passed, $($csharp.Failed) failed"
    # The closing line CI reads: nothing may be printed after it.
    Write-Information "$passed passed, $failed failed"
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

    Write-Information ''
    Write-Information ('{0,-12} {1,8} {2,8}  {3,-4} {4}' -f 'ratio', 'measured', 'goal', 'met', 'detail')
    foreach ($r in Get-Content $resultFile -Raw | ConvertFrom-Json) {
        $goal = '{0} {1:0.##}' -f $(if ($r.Direction -eq 'AtLeast') { '>=' } else { '<=' }), $r.Goal
        Write-Information ('{0,-12} {1,8:0.000} {2,8}  {3,-4} {4}' -f $r.Name, $r.Ratio, $goal, $(if ($r.Met) { 'yes' } else { 'NO' }), $r.Detail)
    }
}

Push-Location $RepoRoot
try {
    foreach ($step in $Task) {
        switch ($step) {
            'Clean' { Invoke-Clean }
            'Build' { Invoke-Build }
            'Help' { Invoke-Help }
            'UpdateHelp' { Invoke-UpdateHelp }
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
