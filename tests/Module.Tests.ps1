# The module as built in out/: layout, manifest, exports, and lazy loading of the engine.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-BuiltModule
    $script:ModuleBase = Split-Path $env:TWILIOTOKENS_MODULE
}

Describe 'The built module' {
    It 'is loaded from out/TwilioTokens, not from the source tree' {
        (Get-Module TwilioTokens).ModuleBase | Should -Be $ModuleBase
        $ModuleBase | Should -BeLike '*out*TwilioTokens'
        (Get-Module TwilioTokens).ImplementingAssembly.Location | Should -BeLike "$ModuleBase*TwilioTokens.dll"
    }

    It 'keeps the engine and every third-party assembly under dependencies/' {
        Join-Path $ModuleBase 'dependencies/TwilioTokens.Engine.dll' | Should -Exist
        Join-Path $ModuleBase 'dependencies/System.IdentityModel.Tokens.Jwt.dll' | Should -Exist
        Join-Path $ModuleBase 'dependencies/Microsoft.IdentityModel.JsonWebTokens.dll' | Should -Exist
        @(Get-ChildItem $ModuleBase -Filter '*.dll' | ForEach-Object Name) | Should -Be @('TwilioTokens.dll')
        Join-Path $ModuleBase 'dependencies/TwilioTokens.dll' | Should -Not -Exist
    }

    It 'has a manifest that passes Test-ModuleManifest, with the version stamped from Directory.Build.props' {
        $m = Test-ModuleManifest (Join-Path $ModuleBase 'TwilioTokens.psd1')
        $m.Version | Should -Not -Be ([version]'0.0.0')
        $m.Version | Should -Be (Get-Module TwilioTokens).Version
        [Reflection.AssemblyName]::GetAssemblyName((Join-Path $ModuleBase 'TwilioTokens.dll')).Version.ToString(3) | Should -Be $m.Version.ToString(3)
    }

    It 'exports exactly the cmdlets the manifest lists' {
        $listed = (Import-PowerShellDataFile (Join-Path $ModuleBase 'TwilioTokens.psd1')).CmdletsToExport | Sort-Object
        (Get-Command -Module TwilioTokens).Name | Sort-Object | Should -Be $listed
        $listed | Should -Contain 'New-TwilioAccessToken'
        $listed | Should -Contain 'New-TwilioVoiceGrant'
        $listed | Should -Contain 'ConvertFrom-TwilioAccessToken'
    }

    It 'declares OutputType on every cmdlet' {
        foreach ($c in Get-Command -Module TwilioTokens) { $c.OutputType | Should -Not -BeNullOrEmpty -Because $c.Name }
    }

    It 'loads no engine or IdentityModel assembly at import, only on first use' {
        $script = @"
Import-Module '$($env:TWILIOTOKENS_MODULE)'
`$before = [AppDomain]::CurrentDomain.GetAssemblies().GetName().Name -match '^(TwilioTokens\.Engine|Microsoft\.IdentityModel|System\.IdentityModel)'
`$cred = [pscredential]::new('$(Get-FakeApiKeySid)', (ConvertTo-SecureString '$(Get-FakeSecretText)' -AsPlainText -Force))
`$null = New-TwilioAccessToken alice -AccountSid '$(Get-FakeAccountSid)' -Credential `$cred
`$after = [AppDomain]::CurrentDomain.GetAssemblies().GetName().Name -match '^TwilioTokens\.Engine$'
"before=`$(@(`$before).Count) after=`$(@(`$after).Count)"
"@
        Invoke-FreshPwsh $script | Should -Be 'before=0 after=1'
    }
}
