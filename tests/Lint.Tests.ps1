# PSScriptAnalyzer over every PowerShell file of the repository (Get-RepositoryScript: .ps1, .psm1 and .psd1 outside
# out/, node_modules, bin and obj) with PSScriptAnalyzerSettings.psd1: one test per file, failing on any Warning or
# Error it reports and on any error the analyzer raises reading the file.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    # In the script scope, where the -ForEach below reads it during discovery.
    $script:Scripts = @(Get-RepositoryScript | ForEach-Object { @{ Name = $_.Name; Path = $_.Path } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-BuildToolPath 'PSScriptAnalyzer') -Force
    $script:Settings = Join-Path $PSScriptRoot '../PSScriptAnalyzerSettings.psd1'

    function script:Get-LintReport {
        # Each finding as "file:line: rule (severity): message", and each error the analyzer raised on the file.
        param([string] $Name, [string] $Path)
        $findings = @(Invoke-ScriptAnalyzer -Path $Path -Settings $Settings -ErrorVariable analyzerErrors -ErrorAction SilentlyContinue)
        @($findings | ForEach-Object { "${Name}:$($_.Line): $($_.RuleName) ($($_.Severity)): $($_.Message)" }) +
            @($analyzerErrors | ForEach-Object { "${Name}: the analyzer failed: $_" })
    }
}

Describe 'PSScriptAnalyzer' {
    It '<Name> has no warning or error' -ForEach $Scripts {
        # The manifest lists TwilioTokens.Format.ps1xml, which sits beside it only in the built module: the analyzer
        # reads the manifest there (the same file, its version stamped by the build).
        $target = if ($Name -eq 'TwilioTokens.psd1') { $env:TWILIOTOKENS_MODULE } else { $Path }
        Get-LintReport -Name $Name -Path $target | Should -BeNullOrEmpty
    }

    It 'analyzes build.ps1, the manifest, the settings and every test script' {
        $names = @(Get-RepositoryScript).Name
        foreach ($expected in 'build.ps1', 'TwilioTokens.psd1', 'PSScriptAnalyzerSettings.psd1', 'tests/TestHelpers.psm1', 'tests/rest/RestStandIns.psm1') {
            $names | Should -Contain $expected
        }
        @(Get-ChildItem $PSScriptRoot -Filter '*.ps1' | ForEach-Object { "tests/$($_.Name)" } | Where-Object { $_ -notin $names }) | Should -BeNullOrEmpty
        @($names -match '^out/|node_modules|/bin/|/obj/') | Should -BeNullOrEmpty
    }

    It 'reports a finding with its file, line and rule' {
        $bad = Join-Path $TestDrive 'bad.ps1'
        Set-Content $bad -Value "function Get-Things { param(`$Unused) Write-Host 'hi' }"
        $report = @(Get-LintReport -Name 'bad.ps1' -Path $bad) -join "`n"
        $report | Should -Match '(?m)^bad\.ps1:1: PSAvoidUsingWriteHost \(Warning\): '
        $report | Should -Match '(?m)^bad\.ps1:1: PSUseSingularNouns \(Warning\): '
        $report | Should -Match '(?m)^bad\.ps1:1: PSReviewUnusedParameter \(Warning\): '
    }

    It 'reports a manifest the analyzer cannot read' {
        $bad = Join-Path $TestDrive 'Broken.psd1'
        Set-Content $bad -Value "@{ ModuleVersion = '1.0'; RootModule = 'Broken.dll'; FormatsToProcess = @('missing.ps1xml') }"
        (@(Get-LintReport -Name 'Broken.psd1' -Path $bad) -join "`n") | Should -Match 'Broken\.psd1: the analyzer failed: .*missing\.ps1xml'
    }
}
