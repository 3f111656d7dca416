# New-, Get- and Remove-TwilioApiKey against Prism serving Twilio's own OpenAPI description of the Keys resource
# (tests/rest/twilio-openapi) on 127.0.0.1. Prism answers a request that breaks Twilio's spec (path patterns, Basic
# auth, form fields, query types) with 401 or 422, which would fail the call; the last test reads Prism's log to be sure.

[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSAvoidUsingConvertToSecureStringWithPlainText', '',
    Justification = 'Fake secrets of the tests, which are plain text by design.')]
param()

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'rest/RestStandIns.psm1') -Force
    Import-BuiltModule
    $script:Prism = Start-Prism
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

Describe 'API keys against Twilio''s OpenAPI description (Prism)' {
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
        $log | Should -Not -Match 'Request terminated with error'
        # Violations of the response (Twilio's own examples have relative first_page_uri for a "uri" format) are
        # Prism's business; violations of the request would be ours.
        $log | Should -Not -Match 'Violation: request'
        # One line per request Prism received: every call above reached it.
        ([regex]::Matches($log, 'Request received')).Count | Should -BeGreaterOrEqual 10
    }
}
