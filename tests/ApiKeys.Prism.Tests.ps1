# The API key cmdlets against Prism serving Twilio's own OpenAPI descriptions of the Keys resources
# (tests/rest/twilio-openapi) on 127.0.0.1: the 2010-04-01 API and IAM v1 merged, as one base URI serves them, and the
# 2010-04-01 API alone, a Twilio whose IAM v1 is out of reach. Prism answers a request that breaks Twilio's spec (path
# patterns, Basic auth, form fields, query types) with 401 or 422, which would fail the call; the last test of each
# reads Prism's log to be sure.

[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSAvoidUsingConvertToSecureStringWithPlainText', '',
    Justification = 'Fake secrets of the tests, which are plain text by design.')]
param()

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'rest/RestStandIns.psm1') -Force
    Import-BuiltModule
    $script:Prism = Start-Prism -Only2010
    $script:Account = Get-FakeAccountSid
    $authToken = ConvertTo-SecureString 'fake-auth-token-0123456789abcdef' -AsPlainText -Force
    $script:Api = @{ ApiBaseUri = $Prism.BaseUri; Credential = [pscredential]::new($Account, $authToken) }
    # The SID in every example of Twilio's description.
    $script:ExampleSid = 'SK' + 'a' * 32
    $script:ExampleDate = [DateTimeOffset]::new(2016, 6, 13, 22, 50, 8, [TimeSpan]::Zero)
}

AfterAll {
    Stop-StandIn $Prism | Out-Null
}

Describe 'API keys against Twilio''s 2010-04-01 description alone (Prism): every read falls back to it' {
    It 'creates a key: the answer''s fields, the secret as SecureString and PSCredential, and a warning' {
        $key = New-TwilioApiKey -FriendlyName 'foo' @Api -WarningVariable warn -WarningAction SilentlyContinue
        $key | Should -BeOfType ([TwilioTokens.NewApiKey])
        $key.Sid | Should -BeExactly $ExampleSid
        $key.FriendlyName | Should -BeExactly 'foo'
        $key.DateCreated | Should -Be $ExampleDate
        $key.DateUpdated | Should -Be $ExampleDate
        $key.AccountSid | Should -BeExactly $Account
        $key.Secret | Should -BeOfType ([securestring])
        [Net.NetworkCredential]::new('', $key.Secret).Password | Should -BeExactly 'foobar'
        $key.Credential.UserName | Should -BeExactly $ExampleSid
        [Net.NetworkCredential]::new('', $key.Credential.Password).Password | Should -BeExactly 'foobar'
        "$warn" | Should -Match "$ExampleSid.*only once"
    }

    It 'creates a key without a friendly name' {
        (New-TwilioApiKey @Api -WarningAction SilentlyContinue).Sid | Should -BeExactly $ExampleSid
    }

    It 'lists the keys of the account' {
        $keys = @(Get-TwilioApiKey @Api)
        $keys | Should -HaveCount 1
        $keys[0] | Should -BeOfType ([TwilioTokens.ApiKey])
        $keys[0].Sid | Should -BeExactly $ExampleSid
        $keys[0].FriendlyName | Should -BeExactly 'foo'
        $keys[0].DateCreated | Should -Be $ExampleDate
        $keys[0].AccountSid | Should -BeExactly $Account
    }

    It 'lists with the largest page size the spec allows' {
        @(Get-TwilioApiKey -PageSize 1000 @Api) | Should -HaveCount 1
    }

    It 'fetches one key by SID, also when the SID is piped' {
        (Get-TwilioApiKey -Sid $ExampleSid @Api).FriendlyName | Should -BeExactly 'foo'
        ('SK' + '0123456789abcdefABCDEF0123456789' | Get-TwilioApiKey @Api).Sid | Should -BeExactly $ExampleSid
    }

    It 'removes a key by SID and says so with -PassThru' {
        $removed = Remove-TwilioApiKey -Sid $ExampleSid -Confirm:$false -PassThru @Api
        $removed | Should -BeOfType ([TwilioTokens.ApiKey])
        $removed.Sid | Should -BeExactly $ExampleSid
        $removed.AccountSid | Should -BeExactly $Account
        Remove-TwilioApiKey -Sid $ExampleSid -Confirm:$false @Api | Should -BeNullOrEmpty
    }

    It 'removes the keys Get-TwilioApiKey lists' {
        $removed = @(Get-TwilioApiKey @Api | Remove-TwilioApiKey -Confirm:$false -PassThru @Api)
        $removed.Sid | Should -Be @($ExampleSid)
    }

    It 'revokes the key that signed a token: ApiKeySid and AccountSid pipe in from the decoded token' {
        $otherAccount = 'AC' + '0123456789abcdef' * 2
        $jwt = New-TwilioAccessToken alice -AccountSid $otherAccount -Credential (Get-FakeCredential -Other)
        $removed = ConvertFrom-TwilioAccessToken $jwt | Remove-TwilioApiKey -Confirm:$false -PassThru @Api
        $removed.Sid | Should -BeExactly (Get-FakeCredential -Other).UserName
        # The token's account, not the credential's: Prism saw the path of the token's account.
        $removed.AccountSid | Should -BeExactly $otherAccount
    }

    It 'sent no request that breaks Twilio''s spec' {
        $log = Stop-StandIn $Prism
        $script:Prism = $null
        $log | Should -Match 'The request passed the validation rules'
        $log | Should -Not -Match 'did not pass the validation rules'
        # IAM v1 is not there: Prism's 404 for it is the fallback's cue, and nothing else may end in an error.
        $terminated = @($log -split "`n" | Where-Object { $_ -match 'Request terminated with error' })
        $terminated | Should -Not -BeNullOrEmpty
        @($terminated | Where-Object { $_ -notmatch '\[HTTP SERVER\] get /v1/Keys\S* .*NO_PATH_MATCHED_ERROR' }) | Should -HaveCount 0
        # Violations of the response (Twilio's own examples have relative first_page_uri for a "uri" format) are
        # Prism's business; violations of the request would be ours.
        $log | Should -Not -Match 'Violation: request'
        # One line per request Prism received: every call above reached it.
        ([regex]::Matches($log, 'Request received')).Count | Should -BeGreaterOrEqual 10
    }
}

Describe 'API keys against Twilio''s 2010-04-01 and IAM v1 descriptions on one base URI (Prism)' {
    BeforeAll {
        $script:Both = Start-Prism
        $script:Api = @{ ApiBaseUri = $Both.BaseUri; Credential = $Api.Credential }
        $script:Read = '/twilio/messaging/messages/read'
    }
    AfterAll {
        Stop-StandIn $Both | Out-Null
    }

    It 'creates a Restricted key through IAM v1: KeyType and Permission on the result, the secret once' {
        $key = New-TwilioApiKey 'foo' -Permission $Read @Api -WarningAction SilentlyContinue
        $key.Sid | Should -BeExactly $ExampleSid
        $key.KeyType | Should -Be ([TwilioTokens.ApiKeyType]::Restricted)
        # Twilio's first example answers without a policy: the key has the permissions that were sent.
        $key.Permission | Should -Be @($Read)
        [Net.NetworkCredential]::new('', $key.Secret).Password | Should -BeExactly 'foobar'
    }

    It 'creates a Standard key through 2010-04-01 without -Permission' {
        (New-TwilioApiKey 'foo' @Api -WarningAction SilentlyContinue).KeyType | Should -Be ([TwilioTokens.ApiKeyType]::Standard)
    }

    It 'lists through IAM v1 (Twilio''s first example is an empty page)' {
        @(Get-TwilioApiKey -PageSize 1000 @Api) | Should -HaveCount 0
    }

    It 'fetches one key through IAM v1' {
        $key = Get-TwilioApiKey $ExampleSid @Api
        $key.FriendlyName | Should -BeExactly 'foo'
        $key.Permission | Should -BeNullOrEmpty
    }

    It 'renames through 2010-04-01 and sets permissions through IAM v1' {
        (Set-TwilioApiKey $ExampleSid -FriendlyName 'foo' -PassThru @Api).Sid | Should -BeExactly $ExampleSid
        $set = Set-TwilioApiKey $ExampleSid -Permission $Read, '/twilio/messaging/messages/update' -FriendlyName 'foo' -PassThru @Api
        $set.KeyType | Should -Be ([TwilioTokens.ApiKeyType]::Restricted)
    }

    It 'removes a key' {
        Remove-TwilioApiKey $ExampleSid -Confirm:$false -PassThru @Api | Should -Not -BeNullOrEmpty
    }

    It 'sent no request that breaks either description, and reached both APIs' {
        $log = Stop-StandIn $Both
        $script:Both = $null
        $log | Should -Not -Match 'did not pass the validation rules'
        $log | Should -Not -Match 'Request terminated with error'
        $log | Should -Not -Match 'Violation: request'
        $received = @($log -split "`n" | Where-Object { $_ -match 'Request received' })
        @($received | Where-Object { $_ -match ' /v1/Keys' }) | Should -HaveCount 4
        @($received | Where-Object { $_ -match ' /2010-04-01/' }) | Should -HaveCount 3
        ([regex]::Matches($log, 'The request passed the validation rules')).Count | Should -Be 7
    }
}
