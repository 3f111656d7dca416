# The package build.ps1 -Task Package writes (TWILIOTOKENS_PACKAGE), installed the way users install it: from a
# repository with PSResourceGet, then used in a clean pwsh.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    if (-not $env:TWILIOTOKENS_PACKAGE) { throw 'TWILIOTOKENS_PACKAGE is not set: run the suites through build.ps1 -Task Test.' }
    $script:Version = (Import-PowerShellDataFile $env:TWILIOTOKENS_MODULE).ModuleVersion
}

Describe 'The TwilioTokens package' {
    BeforeAll {
        $script:Work = Join-Path ([IO.Path]::GetTempPath()) ('TwilioTokens.PackageTest.' + [guid]::NewGuid().ToString('N'))
        $script:Feed = Join-Path $Work 'feed'
        $script:Modules = Join-Path $Work 'modules'
        New-Item -ItemType Directory -Path $Feed, $Modules -Force | Out-Null
        Copy-Item $env:TWILIOTOKENS_PACKAGE $Feed

        # A fresh pwsh registers the folder as a repository under a unique name, saves the module from it and
        # unregisters it again whatever happens, so the user's repository list is left as it was.
        $script:Repository = 'TwilioTokensTest-' + [guid]::NewGuid().ToString('N')
        $script:SaveOutput = Invoke-FreshPwsh @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name '$Repository' -Uri '$Feed' -Trusted
try {
    Save-PSResource -Name TwilioTokens -Repository '$Repository' -Path '$Modules' -PassThru | ForEach-Object { "saved=`$(`$_.Name) `$(`$_.Version)" }
}
finally {
    Unregister-PSResourceRepository -Name '$Repository'
}
'registered=' + @(Get-PSResourceRepository -Name '$Repository' -ErrorAction SilentlyContinue).Count
"@
        $script:Installed = Join-Path $Modules "TwilioTokens/$Version"
    }

    AfterAll {
        Remove-Item $Work -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'is named TwilioTokens.<version>.nupkg after the version in Directory.Build.props' {
        Split-Path $env:TWILIOTOKENS_PACKAGE -Leaf | Should -Be "TwilioTokens.$Version.nupkg"
        [xml] $props = Get-Content (Join-Path $PSScriptRoot '../Directory.Build.props') -Raw
        $Version | Should -Be ($props.Project.PropertyGroup.VersionPrefix | Where-Object { $_ } | Select-Object -First 1)
    }

    It 'installs with Save-PSResource from a folder repository, which is unregistered afterwards' {
        $SaveOutput | Should -Be @("saved=TwilioTokens $Version", 'registered=0')
        Join-Path $Installed 'TwilioTokens.psd1' | Should -Exist
    }

    It 'holds the same files as the built module' {
        $built = Split-Path $env:TWILIOTOKENS_MODULE
        $expected = Get-ChildItem $built -Recurse -File | ForEach-Object { $_.FullName.Substring($built.Length + 1) } | Sort-Object
        $actual = Get-ChildItem $Installed -Recurse -File | ForEach-Object { $_.FullName.Substring($Installed.Length + 1) } |
            Where-Object { $_ -notlike '*.nuspec' -and $_ -ne 'PSGetModuleInfo.xml' } | Sort-Object
        $actual | Should -Be $expected
    }

    It 'has a manifest that passes Test-ModuleManifest, with the package''s version' {
        $m = Test-ModuleManifest (Join-Path $Installed 'TwilioTokens.psd1')
        $m.Version | Should -Be ([version] $Version)
        $m.PrivateData.PSData.ProjectUri | Should -Not -BeNullOrEmpty
    }

    It 'imports, mints, decodes and has help in a clean pwsh' {
        $out = Invoke-FreshPwsh @"
`$ErrorActionPreference = 'Stop'
Import-Module '$(Join-Path $Installed 'TwilioTokens.psd1')'
'base=' + (Get-Module TwilioTokens).ModuleBase
`$cred = [pscredential]::new('$(Get-FakeApiKeySid)', (ConvertTo-SecureString '$(Get-FakeSecretText)' -AsPlainText -Force))
`$token = New-TwilioVoiceGrant -IncomingAllow | New-TwilioAccessToken -Identity alice -AccountSid '$(Get-FakeAccountSid)' -Credential `$cred
`$decoded = `$token.Jwt | ConvertFrom-TwilioAccessToken -Credential `$cred
"decoded=`$(`$decoded.Identity) `$(`$decoded.SignatureStatus) `$(`$decoded.Grants[0].GetType().Name)"
`$ProgressPreference = 'SilentlyContinue'
'help=' + (Get-Help New-TwilioAccessToken).Name
"@
        $out | Should -Be @("base=$Installed", 'decoded=alice Valid VoiceGrant', 'help=New-TwilioAccessToken')
    }
}
