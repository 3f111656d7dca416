# Restricted keys and the key lifecycle over IAM v1 against the project's fake (tests/TwilioTokens.FakeTwilio), which
# serves Twilio's IAM v1 Keys resource beside the 2010-04-01 one on the same base URI: New-TwilioApiKey -Permission,
# key types and permissions read by Get-TwilioApiKey, Set-TwilioApiKey, the fallback to 2010-04-01 when IAM v1
# refuses, and the names ShouldProcess shows.

[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSAvoidUsingConvertToSecureStringWithPlainText', '',
    Justification = 'Fake secrets of the tests, which are plain text by design.')]
param()

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'rest/RestStandIns.psm1') -Force
    Import-BuiltModule
    $script:Fake = Start-FakeTwilio
    $script:Base = $Fake.BaseUri
    $script:Account = Get-FakeAccountSid
    $script:AuthTokenText = 'fake-auth-token-0123456789abcdef'
    $script:AuthCred = [pscredential]::new($Account, (ConvertTo-SecureString $AuthTokenText -AsPlainText -Force))
    $script:Api = @{ ApiBaseUri = $Base; Credential = $AuthCred }
    $script:Read = '/twilio/messaging/messages/read'
    $script:Calls = '/twilio/voice/calls/create'

    function script:Get-Sent { @(Get-FakeRequest $Base | ForEach-Object { "$($_.method) $($_.path)" }) }

    function script:Get-WhatIf([string] $Command) {
        # -WhatIf writes to the host, so a new pwsh runs the command and its host output is read.
        $script = "Import-Module '$env:TWILIOTOKENS_MODULE'`n" +
            "`$c = [pscredential]::new('$Account', (ConvertTo-SecureString '$AuthTokenText' -AsPlainText -Force))`n" +
            "`$Api = @{ ApiBaseUri = '$Base'; Credential = `$c }`n$Command"
        (Invoke-FreshPwsh $script) -join "`n"
    }
}

AfterAll {
    Stop-StandIn $Fake | Out-Null
}

Describe 'Restricted keys: New-TwilioApiKey -Permission' {
    BeforeEach { Reset-FakeTwilio $Base }

    It 'creates one through IAM v1 with AccountSid, FriendlyName, KeyType and the policy, and says so on the result' {
        $key = New-TwilioApiKey 'sms-reader' -Permission $Read, $Calls @Api -WarningAction SilentlyContinue
        $key | Should -BeOfType ([TwilioTokens.NewApiKey])
        $key.KeyType | Should -Be ([TwilioTokens.ApiKeyType]::Restricted)
        $key.Permission | Should -Be @($Read, $Calls)
        $key.FriendlyName | Should -BeExactly 'sms-reader'
        $key.AccountSid | Should -BeExactly $Account
        $key.Credential.UserName | Should -BeExactly $key.Sid
        ([Net.NetworkCredential]::new('', $key.Secret).Password).Length | Should -Be 32
        $r = @(Get-FakeRequest $Base)
        $r | Should -HaveCount 1
        "$($r[0].method) $($r[0].path)" | Should -BeExactly 'POST /v1/Keys'
        $r[0].form.AccountSid | Should -BeExactly $Account
        $r[0].form.FriendlyName | Should -BeExactly 'sms-reader'
        $r[0].form.KeyType | Should -BeExactly 'restricted'
        $r[0].form.Policy | Should -BeExactly ('{"allow":["' + $Read + '","' + $Calls + '"]}')
    }

    It 'creates a Standard key through 2010-04-01 without -Permission, and says it is one' {
        $key = New-TwilioApiKey 'plain' @Api -WarningAction SilentlyContinue
        $key.KeyType | Should -Be ([TwilioTokens.ApiKeyType]::Standard)
        $key.Permission | Should -BeNullOrEmpty
        Get-Sent | Should -Be @("POST /2010-04-01/Accounts/$Account/Keys.json")
    }

    It 'rejects <Case> before anything is sent' -ForEach @(
        @{ Case = 'a permission without /twilio/'; Permission = @('messaging/messages/read') }
        @{ Case = 'a permission with too few parts'; Permission = @('/twilio/messaging/read') }
        @{ Case = 'a permission with too many parts'; Permission = @('/twilio/messaging/messages/read/x') }
        @{ Case = 'a quote in a permission'; Permission = @('/twilio/messaging/messages/read', '/twilio/messaging/messages/re"ad') }
    ) {
        $err = { New-TwilioApiKey 'x' -Permission $Permission @Api } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeExactly 'InvalidPermission,TwilioTokens.Commands.NewTwilioApiKeyCommand'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.TargetObject | Should -BeExactly $Permission[-1]
        "$err" | Should -Match 'Nothing was sent'
        @(Get-FakeRequest $Base) | Should -HaveCount 0
    }

    It 'names the permissions and the IAM v1 URL in -WhatIf, and sends nothing' {
        $out = Get-WhatIf "New-TwilioApiKey 'sms-reader' -Permission '$Read' -WhatIf @Api"
        $out | Should -Match ([regex]::Escape("Restricted API key 'sms-reader' in account $Account ($Read; POST $Base/v1/Keys)"))
        @(Get-FakeRequest $Base) | Should -HaveCount 0
    }
}

Describe 'Get-TwilioApiKey over IAM v1: key types and permissions' {
    BeforeEach { Reset-FakeTwilio $Base }

    It 'lists every key with its KeyType and flags, following IAM v1''s absolute next_page_url onto the base URI in use' {
        $standard = Add-FakeKey $Base $Account 'a', 'b', 'c'
        $restricted = Add-FakeKey $Base $Account 'r' -Permission $Read
        $keys = @(Get-TwilioApiKey -PageSize 3 @Api)
        $keys.Sid | Should -Be @($standard.sid + $restricted.sid)
        $keys.KeyType | Should -Be @('Standard', 'Standard', 'Standard', 'Restricted')
        $keys[0].Flags | Should -Be @('rest_api', 'signing')
        $keys[3].Flags | Should -Contain 'restricted'
        $r = @(Get-FakeRequest $Base)
        # The fake links to https://iam.twilio.com/v1/Keys?...: only its path and query are followed, here.
        @($r | ForEach-Object { "$($_.path)$($_.query)" }) | Should -Be @(
            "/v1/Keys?AccountSid=$Account&PageSize=3"
            "/v1/Keys?AccountSid=$Account&PageSize=3&Page=1&PageToken=PA1")
    }

    It 'fetches one key with its permissions' {
        $restricted = Add-FakeKey $Base $Account 'r' -Permission $Read, $Calls
        $key = Get-TwilioApiKey $restricted[0].sid @Api
        $key.KeyType | Should -Be ([TwilioTokens.ApiKeyType]::Restricted)
        $key.Permission | Should -Be @($Read, $Calls)
        $key.FriendlyName | Should -BeExactly 'r'
        Get-Sent | Should -Be @("GET /v1/Keys/$($restricted[0].sid)")
    }

    It 'falls back to 2010-04-01 when IAM v1 answers <Status>, and reports the 2010-04-01 API''s own refusal' -ForEach @(
        @{ Status = 401 }, @{ Status = 403 }, @{ Status = 404 }
    ) {
        $keys = Add-FakeKey $Base $Account 'a'
        Add-FakeFault $Base -Path '/v1/' -Status $Status -Times 2 -Body (@{ code = 20003; message = 'Authenticate'; status = $Status } | ConvertTo-Json)
        (Get-TwilioApiKey @Api).Sid | Should -Be @($keys[0].sid)
        (Get-TwilioApiKey $keys[0].sid @Api).FriendlyName | Should -BeExactly 'a'
        Get-Sent | Should -Be @('GET /v1/Keys', "GET /2010-04-01/Accounts/$Account/Keys.json", "GET /v1/Keys/$($keys[0].sid)", "GET /2010-04-01/Accounts/$Account/Keys/$($keys[0].sid).json")

        Reset-FakeTwilio $Base
        Add-FakeFault $Base -Status 401 -Times 2 -Body '{"code":20003,"message":"Authenticate","status":401}'
        $err = { Get-TwilioApiKey @Api -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeExactly 'TwilioApiAccessDenied,TwilioTokens.Commands.GetTwilioApiKeyCommand'
        $err.Exception.RequestUri.AbsolutePath | Should -BeExactly "/2010-04-01/Accounts/$Account/Keys.json"
    }

    It 'does not fall back after a server error: the retries go to IAM v1 and the error says so' {
        Add-FakeFault $Base -Path '/v1/' -Status 500 -Times 10 -Body '{"code":20500,"message":"Internal Server Error","status":500}'
        $err = { Get-TwilioApiKey @Api -MaximumRetryCount 1 -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeExactly 'TwilioApiUnavailable,TwilioTokens.Commands.GetTwilioApiKeyCommand'
        Get-Sent | Should -Be @('GET /v1/Keys', 'GET /v1/Keys')
    }

    It 'never follows a next_page_url to a host other than Twilio''s or the one in use' {
        $body = @{ keys = @(); meta = @{ next_page_url = 'https://evil.example.test/v1/Keys?Page=1' } } | ConvertTo-Json
        Add-FakeFault $Base -Path '/v1/' -Status 200 -Body $body
        $err = { Get-TwilioApiKey @Api -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeExactly 'TwilioApiInvalidResponse,TwilioTokens.Commands.GetTwilioApiKeyCommand'
        "$err" | Should -Match 'was not followed'
        @(Get-FakeRequest $Base) | Should -HaveCount 1
    }
}

Describe 'Set-TwilioApiKey' {
    BeforeEach { Reset-FakeTwilio $Base }

    It 'renames through 2010-04-01 and writes the key with -PassThru' {
        $keys = Add-FakeKey $Base $Account 'old'
        $out = Set-TwilioApiKey $keys[0].sid -FriendlyName 'new' -PassThru @Api
        $out | Should -BeOfType ([TwilioTokens.ApiKey])
        $out.FriendlyName | Should -BeExactly 'new'
        (Get-TwilioApiKey $keys[0].sid @Api).FriendlyName | Should -BeExactly 'new'
        $r = @(Get-FakeRequest $Base)[0]
        "$($r.method) $($r.path)" | Should -BeExactly "POST /2010-04-01/Accounts/$Account/Keys/$($keys[0].sid).json"
        $r.form.FriendlyName | Should -BeExactly 'new'
        Set-TwilioApiKey $keys[0].sid -FriendlyName 'newer' @Api | Should -BeNullOrEmpty
    }

    It 'replaces the permissions through IAM v1, with the new name in the same request' {
        $keys = Add-FakeKey $Base $Account 'r' -Permission $Read
        $out = Get-TwilioApiKey $keys[0].sid @Api | Set-TwilioApiKey -Permission $Read, $Calls -FriendlyName 'r2' -PassThru @Api
        $out.Permission | Should -Be @($Read, $Calls)
        $out.KeyType | Should -Be ([TwilioTokens.ApiKeyType]::Restricted)
        $out.FriendlyName | Should -BeExactly 'r2'
        $r = @(Get-FakeRequest $Base)
        "$($r[1].method) $($r[1].path)" | Should -BeExactly "POST /v1/Keys/$($keys[0].sid)"
        $r[1].form.Policy | Should -BeExactly ('{"allow":["' + $Read + '","' + $Calls + '"]}')
        $r[1].form.FriendlyName | Should -BeExactly 'r2'
        $r[1].form.PSObject.Properties.Name | Should -Not -Contain 'AccountSid'
    }

    It 'does not take a piped key''s own name as the new one' {
        $keys = Add-FakeKey $Base $Account 'kept'
        { Get-TwilioApiKey @Api | Set-TwilioApiKey @Api } | Should -Throw -ErrorId 'NothingToSet,TwilioTokens.Commands.SetTwilioApiKeyCommand'
        (Get-Command Set-TwilioApiKey).Parameters.FriendlyName.ParameterSets.Values.ValueFromPipelineByPropertyName | Should -Not -Contain $true
        (Get-TwilioApiKey $keys[0].sid @Api).FriendlyName | Should -BeExactly 'kept'
    }

    It 'goes on with the next key when one cannot be changed, each error with its key' {
        $keys = Add-FakeKey $Base $Account 'a', 'b'
        $missing = 'SK' + 'ee' * 16
        $errs = $null
        $out = @($keys[0].sid, $missing, 'SKbad', $keys[1].sid) | Set-TwilioApiKey -FriendlyName 'renamed' -PassThru @Api -ErrorVariable errs -ErrorAction SilentlyContinue
        $out.Sid | Should -Be @($keys.sid)
        @($errs) | Should -HaveCount 2
        $errs[0].FullyQualifiedErrorId | Should -BeExactly 'TwilioApiNotFound,TwilioTokens.Commands.SetTwilioApiKeyCommand'
        $errs[0].TargetObject | Should -BeExactly $missing
        $errs[1].FullyQualifiedErrorId | Should -BeExactly 'InvalidApiKeySid,TwilioTokens.Commands.SetTwilioApiKeyCommand'
        @(Get-FakeRequest $Base | Where-Object method -EQ 'POST') | Should -HaveCount 3
    }

    It 'retries as the other cmdlets do: 429 with Retry-After, and not a 500' {
        $keys = Add-FakeKey $Base $Account 'a'
        Add-FakeFault $Base -Status 429 -Headers @{ 'Retry-After' = '0' }
        (Set-TwilioApiKey $keys[0].sid -FriendlyName 'b' -PassThru @Api).FriendlyName | Should -BeExactly 'b'
        Add-FakeFault $Base -Status 500 -Times 5
        $err = { Set-TwilioApiKey $keys[0].sid -FriendlyName 'c' @Api -ErrorAction Stop } | Should -Throw -PassThru
        $err.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        $err.Exception.Attempts | Should -Be 1
        @(Get-FakeRequest $Base) | Should -HaveCount 3
    }

    It 'stops before sending when there is nothing to change or a permission is malformed' {
        { Set-TwilioApiKey ('SK' + '1' * 32) @Api } | Should -Throw -ErrorId 'NothingToSet,TwilioTokens.Commands.SetTwilioApiKeyCommand'
        { Set-TwilioApiKey ('SK' + '1' * 32) -Permission 'read everything' @Api } | Should -Throw -ErrorId 'InvalidPermission,TwilioTokens.Commands.SetTwilioApiKeyCommand'
        @(Get-FakeRequest $Base) | Should -HaveCount 0
    }

    It 'names a piped key by its friendly name in -WhatIf, and sends nothing for it' {
        $keys = Add-FakeKey $Base $Account 'payments-api'
        $out = Get-WhatIf "Get-TwilioApiKey '$($keys[0].sid)' @Api | Set-TwilioApiKey -FriendlyName 'payments-v2' -WhatIf @Api"
        $out | Should -Match ([regex]::Escape("Rename to 'payments-v2'"))
        $out | Should -Match ([regex]::Escape("API key 'payments-api' ($($keys[0].sid)) of account $Account (POST $Base/2010-04-01/Accounts/$Account/Keys/$($keys[0].sid).json)"))
        Get-Sent | Should -Be @("GET /v1/Keys/$($keys[0].sid)")
    }
}

Describe 'Remove-TwilioApiKey names the key it asks about' {
    BeforeEach { Reset-FakeTwilio $Base }

    It 'shows the friendly name of a key piped in, and the SID alone otherwise' {
        $keys = Add-FakeKey $Base $Account 'legacy-voice'
        $out = Get-WhatIf "Get-TwilioApiKey @Api | Remove-TwilioApiKey -WhatIf @Api; Remove-TwilioApiKey '$($keys[0].sid)' -WhatIf @Api"
        $out | Should -Match ([regex]::Escape("on target `"API key 'legacy-voice' ($($keys[0].sid)) of account $Account (DELETE"))
        $out | Should -Match ([regex]::Escape("on target `"API key $($keys[0].sid) of account $Account (DELETE"))
        @(Get-FakeRequest $Base | Where-Object method -EQ 'DELETE') | Should -HaveCount 0
    }

    It 'still removes keys piped in by SID and decoded tokens' {
        $keys = Add-FakeKey $Base $Account 'a', 'b'
        @(Get-TwilioApiKey @Api | Remove-TwilioApiKey -Confirm:$false -PassThru @Api).Sid | Should -Be @($keys.sid)
    }
}
