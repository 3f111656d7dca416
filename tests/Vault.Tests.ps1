# The README's secret stories against a real vault: Microsoft.PowerShell.SecretManagement with a SecretStore vault
# (both from out/tools, TWILIOTOKENS_TOOLS), each step in a new pwsh, as a user's sessions would be, all of them in
# one throwaway profile: HOME and the XDG folders in TestDrive, never the user's. The REST stories run against the
# project's fake of Twilio on 127.0.0.1.

[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSAvoidUsingConvertToSecureStringWithPlainText', '',
    Justification = 'Fake secrets of the tests, which are plain text by design.')]
param()

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'rest/RestStandIns.psm1') -Force
    $script:Fake = Start-FakeTwilio
    $script:Base = $Fake.BaseUri
    $script:Account = Get-FakeAccountSid
    $script:KeySid = Get-FakeApiKeySid
    $script:Secret = Get-FakeSecretText
    $script:AuthTokenText = 'fake-auth-token-0123456789abcdef'
    $script:VaultName = 'TwilioTokensTest' + [guid]::NewGuid().ToString('N').Substring(0, 8)
    $script:Profile = Join-Path $TestDrive 'profile'
    $script:ProfileEnvironment = [ordered]@{
        HOME            = Join-Path $Profile 'home'
        XDG_CONFIG_HOME = Join-Path $Profile 'config'
        XDG_DATA_HOME   = Join-Path $Profile 'data'
        XDG_CACHE_HOME  = Join-Path $Profile 'cache'
    }
    foreach ($folder in $ProfileEnvironment.Values) { $null = New-Item -ItemType Directory -Path $folder -Force }

    function script:Invoke-VaultSession {
        # Runs a script in a new pwsh with the throwaway profile, SecretManagement and the built module imported,
        # no TWILIO_* variable set and PSModulePath reduced to out/tools; returns its output lines, throws on failure.
        param([Parameter(Mandatory)] [string] $Script, [int] $TimeoutSeconds = 120)
        $prelude = "`$ErrorActionPreference = 'Stop'; `$ProgressPreference = 'SilentlyContinue'`n" +
            "Import-Module Microsoft.PowerShell.SecretManagement; Import-Module '$($env:TWILIOTOKENS_MODULE)'`n"
        $info = [Diagnostics.ProcessStartInfo]::new([Environment]::ProcessPath)
        $pwshDll = Join-Path $PSHOME 'pwsh.dll'
        if (Test-Path $pwshDll) { $info.ArgumentList.Add($pwshDll) }
        foreach ($argument in '-NoProfile', '-NonInteractive', '-EncodedCommand', [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($prelude + $Script))) {
            $info.ArgumentList.Add($argument)
        }
        foreach ($name in @($info.Environment.Keys -like 'TWILIO_*')) { $info.Environment.Remove($name) }
        foreach ($name in $ProfileEnvironment.Keys) { $info.Environment[$name] = $ProfileEnvironment[$name] }
        $info.Environment['PSModulePath'] = $env:TWILIOTOKENS_TOOLS
        $info.UseShellExecute = $false
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $process = [Diagnostics.Process]::Start($info)
        try {
            $stdout = $process.StandardOutput.ReadToEndAsync()
            $stderr = $process.StandardError.ReadToEndAsync()
            if (-not $process.WaitForExit($TimeoutSeconds * 1000)) {
                $process.Kill($true)
                throw "The session did not end within $TimeoutSeconds s."
            }
            $process.WaitForExit()
            $lines = @($stdout.Result -split '\r?\n' | Where-Object { $_ })
            if ($process.ExitCode -ne 0) { throw "The session failed ($($process.ExitCode)): $($stderr.Result) $($lines -join ' ')" }
            $lines
        }
        finally { $process.Dispose() }
    }

    function script:Get-Value {
        # The value of a 'name=value' line a session printed.
        param([string[]] $Lines, [string] $Name)
        @($Lines | Where-Object { $_.StartsWith("$Name=") } | ForEach-Object { $_.Substring($Name.Length + 1) })
    }

    function script:Assert-NoSecret {
        param([string[]] $Lines)
        foreach ($text in $Secret, $AuthTokenText) { ($Lines -join "`n") | Should -Not -Match ([regex]::Escape($text)) }
    }

    # A new user's set-up, without a prompt: SecretStore asks for a password once, when it creates the store, even
    # when the store is to need none; -Interaction None then never asks again.
    $script:Setup = Invoke-VaultSession @"
Import-Module Microsoft.PowerShell.SecretStore
`$storePassword = ConvertTo-SecureString 'throwaway-store-password' -AsPlainText -Force
Set-SecretStoreConfiguration -Scope CurrentUser -Authentication None -Interaction None -Password `$storePassword -Confirm:`$false
Register-SecretVault -Name '$VaultName' -ModuleName Microsoft.PowerShell.SecretStore -DefaultVault
"vault=`$((Get-SecretVault -Name '$VaultName').ModuleName)"
"authentication=`$((Get-SecretStoreConfiguration).Authentication)"
"@
}

AfterAll {
    if ($script:Fake) { Stop-StandIn $Fake | Out-Null }
}

Describe 'A SecretStore vault in a throwaway profile' {
    It 'is registered without a prompt and needs no password' {
        Get-Value $Setup 'vault' | Should -Be @('Microsoft.PowerShell.SecretStore')
        Get-Value $Setup 'authentication' | Should -Be @('None')
    }

    It 'keeps its registry and store in the throwaway profile, not in the user''s' {
        $store = Join-Path $ProfileEnvironment.HOME '.secretmanagement'
        Join-Path $store 'secretvaultregistry/vaultinfo' | Should -Exist
        Get-Content (Join-Path $store 'secretvaultregistry/vaultinfo') -Raw | Should -Match $VaultName
        Join-Path $store 'localstore/storefile' | Should -Exist
        $users = Join-Path $HOME '.secretmanagement/secretvaultregistry/vaultinfo'
        if (Test-Path $users) { Get-Content $users -Raw | Should -Not -Match $VaultName }
    }
}

Describe 'Secrets kept in the vault' {
    BeforeAll {
        Reset-FakeTwilio $Base
        # One session stores the signing key and the account's Auth Token, as a user does once.
        $script:Stored = Invoke-VaultSession @"
Set-Secret -Name TwilioSigningKey -Secret ([pscredential]::new('$KeySid', (ConvertTo-SecureString '$Secret' -AsPlainText -Force)))
Set-Secret -Name TwilioAuthToken -Secret ([pscredential]::new('$Account', (ConvertTo-SecureString '$AuthTokenText' -AsPlainText -Force)))
"secrets=`$((Get-SecretInfo | Sort-Object Name | ForEach-Object { "`$(`$_.Name):`$(`$_.Type)" }) -join ',')"
"@
    }

    It 'are PSCredentials in the vault' {
        Get-Value $Stored 'secrets' | Should -Be @('TwilioAuthToken:PSCredential,TwilioSigningKey:PSCredential')
    }

    It 'Get-Secret into -Credential mints a token signed with the key, and verifies it (Valid signature)' {
        $lines = Invoke-VaultSession @"
`$key = Get-Secret TwilioSigningKey
`$token = New-TwilioVoiceGrant -IncomingAllow | New-TwilioAccessToken -Identity alice -AccountSid '$Account' -Credential `$key
`$decoded = ConvertFrom-TwilioAccessToken `$token -Credential (Get-Secret TwilioSigningKey)
"type=`$(`$key.GetType().FullName)"
"issuer=`$(`$decoded.ApiKeySid)"
"signature=`$(`$decoded.SignatureStatus)"
"test=`$(Test-TwilioAccessToken `$token.Jwt -Credential (Get-Secret TwilioSigningKey))"
"jwt=`$(`$token.Jwt)"
`$token | Format-List * | Out-String
"@
        Get-Value $lines 'type' | Should -Be @('System.Management.Automation.PSCredential')
        Get-Value $lines 'issuer' | Should -Be @($KeySid)
        Get-Value $lines 'signature' | Should -Be @('Valid')
        Get-Value $lines 'test' | Should -Be @('True')
        # Signed with the secret the vault holds, checked here without the module.
        $jwt = @(Get-Value $lines 'jwt')[0]
        $parts = $jwt.Split('.')
        $parts[2] | Should -BeExactly (Get-Hs256Signature -SigningInput "$($parts[0]).$($parts[1])" -Secret $Secret)
        Assert-NoSecret $lines
    }

    It 'Get-Secret in $PSDefaultParameterValues signs every token of the session' {
        $lines = Invoke-VaultSession @"
`$PSDefaultParameterValues['New-TwilioAccessToken:Credential'] = Get-Secret -Name TwilioSigningKey
`$PSDefaultParameterValues['*-Twilio*:AccountSid'] = '$Account'
`$tokens = New-TwilioAccessToken -Identity alice, bob
"signature=`$((`$tokens | ConvertFrom-TwilioAccessToken -Credential (Get-Secret TwilioSigningKey)).SignatureStatus -join ',')"
"issuer=`$((`$tokens | ConvertFrom-TwilioAccessToken).ApiKeySid -join ',')"
"@
        Get-Value $lines 'signature' | Should -Be @('Valid,Valid')
        Get-Value $lines 'issuer' | Should -Be @("$KeySid,$KeySid")
        Assert-NoSecret $lines
    }

    It 'New-TwilioApiKey''s Credential goes into Set-Secret, and a later session signs with it' {
        $created = Invoke-VaultSession @"
`$admin = Get-Secret TwilioAuthToken
`$key = New-TwilioApiKey -FriendlyName 'voice-backend' -Credential `$admin -ApiBaseUri '$Base'
Set-Secret -Name voice-backend -Secret `$key.Credential
`$stored = Get-Secret voice-backend
"sid=`$(`$key.Sid)"
"user=`$(`$stored.UserName)"
"same-secret=`$(`$stored.GetNetworkCredential().Password -ceq `$key.Credential.GetNetworkCredential().Password)"
`$key | Format-List * | Out-String
"@
        $sid = @(Get-Value $created 'sid')[0]
        $sid | Should -Match '^SK[0-9a-f]{32}$'
        Get-Value $created 'user' | Should -Be @($sid)
        Get-Value $created 'same-secret' | Should -Be @('True')
        $lines = Invoke-VaultSession @"
`$key = Get-Secret voice-backend
`$token = New-TwilioAccessToken alice -AccountSid '$Account' -Credential `$key
`$decoded = ConvertFrom-TwilioAccessToken `$token -Credential (Get-Secret voice-backend)
"issuer=`$(`$decoded.ApiKeySid)"
"signature=`$(`$decoded.SignatureStatus)"
"other-key=`$((ConvertFrom-TwilioAccessToken `$token -Credential (Get-Secret TwilioSigningKey)).SignatureStatus)"
"@
        Get-Value $lines 'issuer' | Should -Be @($sid)
        Get-Value $lines 'signature' | Should -Be @('Valid')
        Get-Value $lines 'other-key' | Should -Be @('Invalid')
        Assert-NoSecret ($created + $lines)
        # The key was created with the Auth Token from the vault.
        @(Get-FakeRequest $Base | Where-Object method -EQ 'POST').authUser | Should -Be @($Account)
    }

    It 'a REST cmdlet takes its credential from the vault' {
        Reset-FakeTwilio $Base
        $null = Add-FakeKey -BaseUri $Base -AccountSid $Account -FriendlyName 'signing', 'legacy-sms' -Sid $KeySid
        $lines = Invoke-VaultSession @"
`$admin = Get-Secret TwilioAuthToken
"keys=`$((Get-TwilioApiKey -Credential `$admin -ApiBaseUri '$Base' | Sort-Object FriendlyName).FriendlyName -join ',')"
"one=`$((Get-TwilioApiKey '$KeySid' -Credential (Get-Secret TwilioAuthToken) -ApiBaseUri '$Base').FriendlyName)"
"@
        Get-Value $lines 'keys' | Should -Be @('legacy-sms,signing')
        Get-Value $lines 'one' | Should -Be @('signing')
        $requests = @(Get-FakeRequest $Base)
        $requests | Should -HaveCount 2
        $requests.authUser | Should -Be @($Account, $Account)
        Assert-NoSecret $lines
    }

    It 'fails as Get-Secret fails for a secret the vault does not hold' {
        { Invoke-VaultSession 'New-TwilioAccessToken alice -Credential (Get-Secret NoSuchKey)' } | Should -Throw '*NoSuchKey*'
    }
}

Describe 'Key rotation, as about_TwilioTokens writes it, end to end' {
    BeforeAll {
        Reset-FakeTwilio $Base
        $script:Old = Add-FakeKey -BaseUri $Base -AccountSid $Account -FriendlyName 'voice-backend', 'other-service'
        # The recipe exactly as the about topic has it: its code block that stores the new key.
        $about = Join-Path $PSScriptRoot '../docs/en-US/about_TwilioTokens.help.txt'
        $script:Recipe = @(Get-AboutCodeBlock -Path $about | Where-Object Code -Match 'Set-Secret -Name voice-backend')[0].Code
        # What a user has before rotating: the Auth Token and the old signing key in the vault.
        $null = Invoke-VaultSession @"
Set-Secret -Name TwilioAccount -Secret ([pscredential]::new('$Account', (ConvertTo-SecureString '$AuthTokenText' -AsPlainText -Force)))
Set-Secret -Name voice-backend -Secret ([pscredential]::new('$($Old[0].sid)', (ConvertTo-SecureString '$($Old[0].secret)' -AsPlainText -Force)))
"@
        $script:Transcript = Invoke-VaultSession ("`$env:TWILIO_API_BASE_URI = '$Base'`n" + $Recipe + "`n'rotated'")
        $script:After = Invoke-VaultSession @"
`$key = Get-Secret voice-backend
`$jwt = New-TwilioAccessToken -Identity bob -AccountSid '$Account' -Credential `$key
"user=`$(`$key.UserName)"
"valid=`$(Test-TwilioAccessToken -Token `$jwt -Credential (Get-Secret voice-backend))"
"@
    }

    It 'runs to its end, previewing the old key by name and SID before removing it' {
        $Transcript[-1] | Should -BeExactly 'rotated'
        $whatIf = @($Transcript | Where-Object { $_ -match '^What if: ' })
        $whatIf | Should -HaveCount 1
        $whatIf[0] | Should -Match ([regex]::Escape("API key 'voice-backend' ($($Old[0].sid)) of account $Account (DELETE $Base/2010-04-01/Accounts/$Account/Keys/$($Old[0].sid).json)"))
        ($Transcript -join "`n") | Should -Match ([regex]::Escape($Old[0].sid))
        Assert-NoSecret $Transcript
        ($Transcript -join "`n") | Should -Not -Match ([regex]::Escape($Old[0].secret))
    }

    It 'leaves the vault with the new key, which signs tokens that verify' {
        $user = @(Get-Value $After 'user')[0]
        $user | Should -Match '^SK[0-9a-f]{32}$'
        $user | Should -Not -Be $Old[0].sid
        Get-Value $After 'valid' | Should -Be @('True')
    }

    It 'created the new key before removing the old one, which alone is gone' {
        @(Get-FakeRequest $Base | ForEach-Object { "$($_.method) $($_.path)" }) | Should -Be @(
            'GET /v1/Keys'
            "POST /2010-04-01/Accounts/$Account/Keys.json"
            "DELETE /2010-04-01/Accounts/$Account/Keys/$($Old[0].sid).json")
        # What the fake now holds, read through its IAM v1 listing (it wants a Basic header, of any value).
        $keys = Invoke-RestMethod -NoProxy -Uri "$Base/v1/Keys?AccountSid=$Account" -Headers @{ Authorization = 'Basic eDp5' }
        @($keys.keys | Sort-Object friendly_name).friendly_name | Should -Be @('other-service', 'voice-backend')
        $keys.keys.sid | Should -Not -Contain $Old[0].sid
        $keys.keys.sid | Should -Contain (@(Get-Value $After 'user')[0])
    }
}
