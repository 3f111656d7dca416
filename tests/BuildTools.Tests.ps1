# How build.ps1 obtains the PowerShell modules it builds and tests with (Get-ToolSource, Install-BuildTool): its
# own functions, taken from build.ps1 and run here against a made-up tool in a folder repository under TestDrive,
# with a made-up clone beside it, so that neither out/tools nor any real repository is touched.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'rest/RestStandIns.psm1') -Force
    $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $PSScriptRoot '../build.ps1'), [ref] $null, [ref] $null)
    $script:BuildFunctions = $ast.FindAll({
            param($node)
            $node -is [System.Management.Automation.Language.FunctionDefinitionAst] -and
            $node.Name -in 'Test-GalleryReachable', 'Get-ToolSource', 'Install-BuildTool'
        }, $false) | ForEach-Object { $_.Extent.Text }
    $BuildFunctions | Should -HaveCount 3
    # Defined in the script scope, where they find the variables below as they find build.ps1's.
    foreach ($function in $BuildFunctions) { . ([scriptblock]::Create(($function -replace '^function ', 'function script:'))) }

    # A made-up tool, published into a folder repository as Invoke-Package publishes the module.
    $source = Join-Path $TestDrive 'source/TwilioTokensFakeTool'
    $null = New-Item -ItemType Directory -Path $source -Force
    Set-Content (Join-Path $source 'TwilioTokensFakeTool.psm1') -Value 'function Get-FakeToolAnswer { 42 }'
    New-ModuleManifest -Path (Join-Path $source 'TwilioTokensFakeTool.psd1') -RootModule 'TwilioTokensFakeTool.psm1' `
        -ModuleVersion '2.1.0' -Author 'tests' -Description 'A made-up build tool.' -FunctionsToExport 'Get-FakeToolAnswer'
    $script:Gallery = Join-Path $TestDrive 'gallery'
    $null = New-Item -ItemType Directory -Path $Gallery
    $publishTo = 'TwilioTokensToolTest-' + [guid]::NewGuid().ToString('N')
    Register-PSResourceRepository -Name $publishTo -Uri $Gallery -Trusted
    try { Publish-PSResource -Path $source -Repository $publishTo } finally { Unregister-PSResourceRepository -Name $publishTo }

    # What build.ps1's functions read from its script scope.
    $script:BuildTools = [ordered]@{ 'TwilioTokensFakeTool' = '2.1.0' }
    $script:InformationPreference = 'SilentlyContinue'
    $script:Unreachable = 'http://127.0.0.1:1/api/v2'
    $script:RepositoriesBefore = @(Get-PSResourceRepository).Name

    function script:Use-Clone {
        # A clone under TestDrive (build.ps1's RepoRoot and out/tools), optionally with the shared folder repository
        # (build.ps1's SharedToolRepository, beside the clone) holding the made-up tool.
        param([switch] $WithSharedRepository)
        $parent = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $script:RepoRoot = Join-Path $parent 'TwilioTokens'
        $script:ToolsOut = Join-Path $RepoRoot 'out/tools'
        $script:SharedToolRepository = Join-Path $parent 'shared-repository'
        $null = New-Item -ItemType Directory -Path $RepoRoot
        if ($WithSharedRepository) { Copy-Item $Gallery $SharedToolRepository -Recurse }
    }
}

AfterAll {
    if ($script:Fake) { Stop-StandIn $Fake | Out-Null }
}

Describe 'build.ps1 tools' {
    BeforeEach {
        $script:StartLocation = (Get-Location).ProviderPath
        $script:ToolRepository = $null
        $script:GalleryUri = $Unreachable
    }

    It 'saves each tool at its version from -ToolRepository into out/tools, and unregisters the repository' {
        Use-Clone -WithSharedRepository
        $script:ToolRepository = $Gallery
        Get-ToolSource | Should -Be (Resolve-Path $Gallery).ProviderPath
        Install-BuildTool
        $manifest = Join-Path $ToolsOut 'TwilioTokensFakeTool/2.1.0/TwilioTokensFakeTool.psd1'
        $manifest | Should -Exist
        (Import-PowerShellDataFile $manifest).ModuleVersion | Should -Be '2.1.0'
        @(Get-PSResourceRepository).Name | Should -Be $RepositoriesBefore
    }

    It 'does not ask any repository again for tools already in out/tools' {
        Use-Clone
        $script:ToolRepository = $Gallery
        Install-BuildTool
        $script:ToolRepository = Join-Path $TestDrive 'no-such-repository'
        { Install-BuildTool } | Should -Not -Throw
    }

    It 'takes a relative -ToolRepository from where build.ps1 was started, not from the repository''s root' {
        Use-Clone
        $script:StartLocation = Split-Path $Gallery
        $script:ToolRepository = Split-Path -Leaf $Gallery
        Push-Location $RepoRoot
        try { Get-ToolSource | Should -Be (Resolve-Path $Gallery).ProviderPath }
        finally { Pop-Location }
    }

    It 'takes a name or URI that is not a folder as it is' {
        Use-Clone
        $script:ToolRepository = 'https://feeds.example.test/powershell/v2'
        Get-ToolSource | Should -BeExactly 'https://feeds.example.test/powershell/v2'
    }

    It 'falls back to the shared folder repository beside the clone when the Gallery does not answer' {
        Use-Clone -WithSharedRepository
        $started = [DateTime]::UtcNow
        Get-ToolSource | Should -Be (Resolve-Path $SharedToolRepository).ProviderPath
        ([DateTime]::UtcNow - $started).TotalSeconds | Should -BeLessThan 10 -Because 'the probe gives up quickly'
        Install-BuildTool
        Join-Path $ToolsOut 'TwilioTokensFakeTool/2.1.0/TwilioTokensFakeTool.psd1' | Should -Exist
        @(Get-PSResourceRepository).Name | Should -Be $RepositoriesBefore
    }

    It 'uses the Gallery when it answers, even with the shared folder repository present' {
        Use-Clone -WithSharedRepository
        $script:Fake = Start-FakeTwilio
        # Any loopback URI that answers 200 stands in for the Gallery's.
        $script:GalleryUri = "$($Fake.BaseUri)/_fake/requests"
        Get-ToolSource | Should -BeExactly $GalleryUri
    }

    It 'says what to pass when neither the Gallery nor a repository is there' {
        Use-Clone
        { Get-ToolSource } | Should -Throw '*-ToolRepository*TWILIOTOKENS_TOOL_REPOSITORY*TwilioTokensFakeTool*'
    }

    It 'unregisters the repository when saving fails' {
        Use-Clone
        $script:ToolRepository = Join-Path $TestDrive 'empty-repository'
        $null = New-Item -ItemType Directory -Path $ToolRepository -Force
        { Install-BuildTool } | Should -Throw
        @(Get-PSResourceRepository).Name | Should -Be $RepositoriesBefore
    }
}
