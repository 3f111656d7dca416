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
        @(Get-ChildItem (Join-Path $ModuleBase 'dependencies') -Directory) | Should -BeNullOrEmpty
        Join-Path $ModuleBase 'dependencies/System.IdentityModel.Tokens.Jwt.dll' | Should -Exist
        Join-Path $ModuleBase 'dependencies/Microsoft.IdentityModel.JsonWebTokens.dll' | Should -Exist
        @(Get-ChildItem $ModuleBase -Filter '*.dll' | ForEach-Object Name) | Should -Be @('TwilioTokens.dll')
        Join-Path $ModuleBase 'dependencies/TwilioTokens.dll' | Should -Not -Exist
    }

    It 'has a manifest that passes Test-ModuleManifest, with the version stamped from Directory.Build.props' {
        $m = Test-ModuleManifest (Join-Path $ModuleBase 'TwilioTokens.psd1')
        [xml] $props = Get-Content (Join-Path $PSScriptRoot '../Directory.Build.props') -Raw
        $m.Version | Should -Be ([version] ($props.Project.PropertyGroup.VersionPrefix | Where-Object { $_ } | Select-Object -First 1))
        $m.Version | Should -Be (Get-Module TwilioTokens).Version
        foreach ($assembly in 'TwilioTokens.dll', 'dependencies/TwilioTokens.Engine.dll') {
            $path = Join-Path $ModuleBase $assembly
            [Reflection.AssemblyName]::GetAssemblyName($path).Version.ToString(3) | Should -Be $m.Version.ToString(3) -Because $assembly
            [Diagnostics.FileVersionInfo]::GetVersionInfo($path).ProductVersion | Should -BeLike "$($m.Version.ToString(3))*" -Because $assembly
        }
    }

    It 'declares what the gallery and both PowerShell editions need' {
        $data = Import-PowerShellDataFile (Join-Path $ModuleBase 'TwilioTokens.psd1')
        $data.RootModule | Should -Be 'TwilioTokens.dll'
        $data.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $data.PowerShellVersion | Should -Be '5.1'
        $data.CmdletsToExport | Should -Not -BeNullOrEmpty
        $data.CmdletsToExport | Where-Object { $_ -match '[*?]' } | Should -BeNullOrEmpty
        foreach ($kind in 'FunctionsToExport', 'VariablesToExport', 'AliasesToExport') {
            # Present and empty: PowerShell then skips looking for them, and nothing is exported by accident.
            $data.ContainsKey($kind) | Should -BeTrue -Because $kind
            $data[$kind] | Should -BeNullOrEmpty -Because $kind
        }
        $psData = $data.PrivateData.PSData
        $psData.Tags | Should -Contain 'Twilio'
        $psData.Tags | Should -Contain 'PSEdition_Desktop'
        $psData.Tags | Should -Contain 'PSEdition_Core'
        foreach ($uri in 'ProjectUri', 'LicenseUri') { [uri]::IsWellFormedUriString($psData[$uri], 'Absolute') | Should -BeTrue -Because $uri }
        $psData.ReleaseNotes | Should -Not -BeNullOrEmpty
    }

    It 'ships and lists every formatting file of the source tree' {
        $files = @(Get-ChildItem (Join-Path $PSScriptRoot '../src/TwilioTokens') -Filter '*.Format.ps1xml' -File | ForEach-Object Name | Sort-Object)
        $files | Should -Not -BeNullOrEmpty
        $listed = @((Import-PowerShellDataFile (Join-Path $ModuleBase 'TwilioTokens.psd1')).FormatsToProcess)
        $listed | Should -Be $files
        foreach ($name in $listed) { Join-Path $ModuleBase $name | Should -Exist }
    }

    It 'needs no types file, which every import would pay for' {
        (Import-PowerShellDataFile (Join-Path $ModuleBase 'TwilioTokens.psd1')).Keys | Should -Not -Contain 'TypesToProcess'
        @(Get-ChildItem $ModuleBase, (Join-Path $PSScriptRoot '../src/TwilioTokens') -Filter '*.Types.ps1xml' -File) | Should -BeNullOrEmpty
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
