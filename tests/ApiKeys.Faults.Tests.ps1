# New-, Get- and Remove-TwilioApiKey against the project's fake of Twilio's Keys resource (tests/TwilioTokens.FakeTwilio)
# on 127.0.0.1: the key lifecycle with real state, and every fault the issue names, each with the ErrorRecord a
# script reads and the number of requests the server saw. The fake plays a Twilio whose IAM v1 refuses the credential
# (-NoIam: /v1/ answers 404, before any fault), so every read falls back to the 2010-04-01 API these faults are for;
# the request log is that API's. ApiKeys.Iam.Tests.ps1 covers IAM v1.

[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSAvoidUsingConvertToSecureStringWithPlainText', '',
    Justification = 'Fake secrets of the tests, which are plain text by design.')]
param()

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'rest/RestStandIns.psm1') -Force
    Import-BuiltModule
    $script:Fake = Start-FakeTwilio -NoIam
    $script:Base = $Fake.BaseUri
    $script:Account = Get-FakeAccountSid
    $script:AuthTokenText = 'fake-auth-token-0123456789abcdef'
    $script:AuthCred = [pscredential]::new($Account, (ConvertTo-SecureString $AuthTokenText -AsPlainText -Force))
    $script:Api = @{ ApiBaseUri = $Base; Credential = $AuthCred }
    $script:Missing = 'SK' + 'ee' * 16

    function script:Get-FakeRequestLog { Get-FakeRequest $Base | Where-Object path -NotLike '/v1/*' }

    function script:Invoke-Failing([scriptblock] $Script) {
        # Runs a call expected to fail without output and returns its one ErrorRecord. Continue: the suite runner
        # stops on errors, and these are the non-terminating errors under test.
        $ErrorActionPreference = 'Continue'
        $all = @(& $Script 2>&1)
        $all | Should -HaveCount 1
        $all[0] | Should -BeOfType ([Management.Automation.ErrorRecord])
        $all[0]
    }

    function script:ConvertFrom-SecureText([securestring] $Value) { [Net.NetworkCredential]::new('', $Value).Password }
}

AfterAll {
    Stop-StandIn $Fake | Out-Null
}

Describe 'API key lifecycle against the fake' {
    BeforeEach { Reset-FakeTwilio $Base }

    It 'fetches the key that signed a decoded token piped in, and keys piped in, rather than listing every key' {
        $null = Add-FakeKey -BaseUri $Base -AccountSid $Account -FriendlyName 'signer', 'bystander' -Sid (Get-FakeApiKeySid), ('SK' + '5' * 32)
        $decoded = New-TwilioAccessToken alice -AccountSid $Account -Credential (Get-FakeCredential) | ConvertFrom-TwilioAccessToken
        $found = $decoded | Get-TwilioApiKey -ApiBaseUri $Base -Credential $AuthCred
        $found.Sid | Should -Be @((Get-FakeApiKeySid))
        $found.FriendlyName | Should -BeExactly 'signer'
        $requests = @(Get-FakeRequestLog)
        $requests | Should -HaveCount 1
        $requests[0].path | Should -BeLike "*/Keys/$(Get-FakeApiKeySid).json"

        ((Get-FakeApiKeySid), ('SK' + '5' * 32) | Get-TwilioApiKey @Api).FriendlyName | Should -Be @('signer', 'bystander')
        ($found | Get-TwilioApiKey @Api -FriendlyName 'sign*').Sid | Should -Be @((Get-FakeApiKeySid))
        ($found | Get-TwilioApiKey @Api -FriendlyName 'nomatch*') | Should -BeNullOrEmpty
    }

    It 'asks IAM v1 first, and lists and fetches through 2010-04-01 when it refuses, saying so in verbose output' {
        $keys = Add-FakeKey $Base $Account 'a'
        $all = @(Get-TwilioApiKey @Api -Verbose 4>&1) + @(Get-TwilioApiKey $keys[0].sid @Api -Verbose 4>&1)
        @($all | Where-Object { $_ -is [TwilioTokens.ApiKey] }).Sid | Should -Be @($keys[0].sid, $keys[0].sid)
        @($all | Where-Object { $_ -is [TwilioTokens.ApiKey] -and $null -ne $_.KeyType }) | Should -BeNullOrEmpty
        @($all | Where-Object { "$_" -match 'IAM v1 answered 404: reading the 2010-04-01 API instead' }) | Should -HaveCount 2
        @(Get-FakeRequest $Base | ForEach-Object { "$($_.method) $($_.path)" }) | Should -Be @(
            'GET /v1/Keys', "GET /2010-04-01/Accounts/$Account/Keys.json"
            "GET /v1/Keys/$($keys[0].sid)", "GET /2010-04-01/Accounts/$Account/Keys/$($keys[0].sid).json")
    }

    It 'creates a key with its secret once, finds it, lists it, removes it, and then cannot find it' {
        $key = New-TwilioApiKey -FriendlyName 'runbook key' @Api -WarningVariable warn -WarningAction SilentlyContinue
        $key | Should -BeOfType ([TwilioTokens.NewApiKey])
        $key.Sid | Should -Match '^SK[0-9a-f]{32}$'
        $key.FriendlyName | Should -BeExactly 'runbook key'
        $key.AccountSid | Should -BeExactly $Account
        $key.DateCreated | Should -BeOfType ([DateTimeOffset])
        $key.DateCreated.Offset | Should -Be ([TimeSpan]::Zero)
        [Math]::Abs(($key.DateCreated - [DateTimeOffset]::UtcNow).TotalMinutes) | Should -BeLessThan 5
        (ConvertFrom-SecureText $key.Secret).Length | Should -Be 32
        $key.Credential.UserName | Should -BeExactly $key.Sid
        (ConvertFrom-SecureText $key.Credential.Password) | Should -BeExactly (ConvertFrom-SecureText $key.Secret)
        "$warn" | Should -Match "only once"

        $fetched = Get-TwilioApiKey -Sid $key.Sid @Api
        $fetched | Should -BeOfType ([TwilioTokens.ApiKey])
        $fetched.PSObject.Properties.Name | Should -Not -Contain 'Secret'
        $fetched.FriendlyName | Should -BeExactly 'runbook key'
        $fetched.DateCreated | Should -Be $key.DateCreated
        (Get-TwilioApiKey @Api).Sid | Should -Be @($key.Sid)

        $removed = Remove-TwilioApiKey -Sid $key.Sid -Confirm:$false -PassThru @Api
        $removed.Sid | Should -BeExactly $key.Sid
        $removed.AccountSid | Should -BeExactly $Account
        $err = Invoke-Failing { Get-TwilioApiKey -Sid $key.Sid @Api }
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'

        $r = Get-FakeRequestLog
        @($r | ForEach-Object { "$($_.method) $($_.path)" }) | Should -Be @(
            "POST /2010-04-01/Accounts/$Account/Keys.json"
            "GET /2010-04-01/Accounts/$Account/Keys/$($key.Sid).json"
            "GET /2010-04-01/Accounts/$Account/Keys.json"
            "DELETE /2010-04-01/Accounts/$Account/Keys/$($key.Sid).json"
            "GET /2010-04-01/Accounts/$Account/Keys/$($key.Sid).json")
    }

    It 'sends the friendly name as a form field and authenticates every request with Basic auth' {
        $null = New-TwilioApiKey 'ops & on-call = 1' @Api -WarningAction SilentlyContinue
        $r = @(Get-FakeRequestLog)
        $r | Should -HaveCount 1
        $r[0].contentType | Should -Match '^application/x-www-form-urlencoded'
        $r[0].form.FriendlyName | Should -BeExactly 'ops & on-call = 1'
        $r[0].authScheme | Should -BeExactly 'Basic'
        $r[0].authUser | Should -BeExactly $Account
        $r[0].userAgent | Should -Match '^TwilioTokens/\d+\.\d+\.\d+'
    }

    It 'creates a key whose Credential mints tokens that verify with it, and revokes it from a decoded token' {
        $key = New-TwilioApiKey 'signing' @Api -WarningAction SilentlyContinue
        $jwt = New-TwilioAccessToken alice -AccountSid $Account -Credential $key.Credential
        $decoded = ConvertFrom-TwilioAccessToken $jwt -Credential $key.Credential
        $decoded.SignatureStatus | Should -Be 'Valid'
        $decoded.ApiKeySid | Should -BeExactly $key.Sid

        $removed = $decoded | Remove-TwilioApiKey -Confirm:$false -PassThru @Api
        $removed.Sid | Should -BeExactly $key.Sid
        @(Get-TwilioApiKey @Api) | Should -HaveCount 0
    }

    It 'follows next_page_uri through every page' {
        $seeded = Add-FakeKey $Base $Account (1..7 | ForEach-Object { "key $_" })
        $keys = @(Get-TwilioApiKey -PageSize 3 @Api)
        $keys.Sid | Should -Be @($seeded.sid)
        $keys.AccountSid | Select-Object -Unique | Should -BeExactly $Account
        $r = @(Get-FakeRequestLog)
        $r | Should -HaveCount 3
        $r[0].query | Should -BeExactly '?PageSize=3'
        $r[1].query | Should -BeExactly '?PageSize=3&Page=1&PageToken=PA1'
        $r[2].query | Should -BeExactly '?PageSize=3&Page=2&PageToken=PA2'
    }

    It 'streams keys as pages arrive: Select-Object -First stops the paging' {
        $null = Add-FakeKey $Base $Account (1..7 | ForEach-Object { "key $_" })
        @(Get-TwilioApiKey -PageSize 3 @Api | Select-Object -First 2) | Should -HaveCount 2
        @(Get-FakeRequestLog) | Should -HaveCount 1
    }

    It 'writes progress while paging through several pages, and completes it' {
        $null = Add-FakeKey $Base $Account (1..5 | ForEach-Object { "key $_" })
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddArgument($env:TWILIOTOKENS_MODULE).AddStatement()
            $null = $ps.AddCommand('Get-TwilioApiKey').AddParameters(@{ PageSize = 2 } + $Api)
            $keys = $ps.Invoke()
            $keys | Should -HaveCount 5
            # PowerShell may drop progress records that follow each other closely, except the one that completes.
            $progress = @($ps.Streams.Progress | Where-Object Activity -Match "API keys of $Account")
            $progress.Count | Should -BeGreaterOrEqual 2
            $progress[0].StatusDescription | Should -Match '^Page [23]: [24] keys so far$'
            $progress[-1].RecordType | Should -Be 'Completed'
        }
        finally { $ps.Dispose() }
    }

    It 'filters by friendly name with wildcards, after reading every page' {
        $null = Add-FakeKey $Base $Account 'prod-web', 'staging-web', 'prod-worker', 'Prod-cron'
        (Get-TwilioApiKey -FriendlyName 'prod-*' -PageSize 2 @Api).FriendlyName | Should -Be @('prod-web', 'prod-worker', 'Prod-cron')
        @(Get-FakeRequestLog) | Should -HaveCount 2
    }

    It 'removes every key piped from Get-TwilioApiKey' {
        $null = Add-FakeKey $Base $Account 'a', 'b', 'c'
        @(Get-TwilioApiKey @Api | Remove-TwilioApiKey -Confirm:$false -PassThru @Api) | Should -HaveCount 3
        @(Get-TwilioApiKey @Api) | Should -HaveCount 0
        @(Get-FakeRequestLog | Where-Object method -EQ 'DELETE') | Should -HaveCount 3
    }

    It 'goes on with the next key when one cannot be removed' {
        $keys = Add-FakeKey $Base $Account 'a', 'b'
        $errs = $null
        $out = @($keys[0].sid, $Missing, $keys[1].sid) | Remove-TwilioApiKey -Confirm:$false -PassThru @Api -ErrorVariable errs -ErrorAction SilentlyContinue
        $out.Sid | Should -Be @($keys[0].sid, $keys[1].sid)
        @($errs) | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -BeExactly 'TwilioApiNotFound,TwilioTokens.Commands.RemoveTwilioApiKeyCommand'
        $errs[0].TargetObject | Should -BeExactly $Missing
        @(Get-FakeRequestLog | Where-Object method -EQ 'DELETE') | Should -HaveCount 3
    }

    It 'rejects a malformed SID before sending anything, and goes on with the next' {
        $keys = Add-FakeKey $Base $Account 'a'
        $errs = $null
        $out = @('SKnot-a-sid', $Account, $keys[0].sid) | Remove-TwilioApiKey -Confirm:$false -PassThru @Api -ErrorVariable errs -ErrorAction SilentlyContinue
        $out.Sid | Should -Be @($keys[0].sid)
        @($errs) | Should -HaveCount 2
        $errs.FullyQualifiedErrorId | Should -Be (@('InvalidApiKeySid,TwilioTokens.Commands.RemoveTwilioApiKeyCommand') * 2)
        $errs.CategoryInfo.Category | Select-Object -Unique | Should -Be 'InvalidArgument'
        "$($errs[1])" | Should -Match 'Account SID'
        @(Get-FakeRequestLog) | Should -HaveCount 1
    }

    It 'sends nothing with -WhatIf' {
        $keys = Add-FakeKey $Base $Account 'a'
        Invoke-WithoutHost { Remove-TwilioApiKey $sid -WhatIf @Api } @{ sid = $keys[0].sid; Api = $Api } | Should -BeNullOrEmpty
        Invoke-WithoutHost { New-TwilioApiKey 'never' -WhatIf @Api } @{ Api = $Api } | Should -BeNullOrEmpty
        @(Get-FakeRequestLog) | Should -HaveCount 0
    }

    It 'reuses one connection across cmdlet runs to the same base address' {
        $null = Get-TwilioApiKey @Api
        $null = Get-TwilioApiKey @Api
        $r = @(Get-FakeRequestLog)
        $r | Should -HaveCount 2
        $r[1].connectionId | Should -BeExactly $r[0].connectionId
    }
}

Describe 'Credentials and account from the environment' {
    BeforeEach {
        Reset-FakeTwilio $Base
        $script:SavedEnv = @{}
        foreach ($name in 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_API_KEY', 'TWILIO_API_SECRET', 'TWILIO_API_BASE_URI', 'TWILIO_REGION', 'TWILIO_EDGE') {
            $SavedEnv[$name] = [Environment]::GetEnvironmentVariable($name)
            [Environment]::SetEnvironmentVariable($name, $null)
        }
        $env:TWILIO_API_BASE_URI = $Base
    }
    AfterEach {
        foreach ($name in $SavedEnv.Keys) { [Environment]::SetEnvironmentVariable($name, $SavedEnv[$name]) }
    }

    It 'uses TWILIO_ACCOUNT_SID with TWILIO_AUTH_TOKEN, and TWILIO_API_BASE_URI' {
        $env:TWILIO_ACCOUNT_SID = $Account
        $env:TWILIO_AUTH_TOKEN = $AuthTokenText
        $null = Get-TwilioApiKey
        (Get-FakeRequestLog).authUser | Should -BeExactly $Account
    }

    It 'uses TWILIO_API_KEY and TWILIO_API_SECRET when there is no Auth Token, with the account from TWILIO_ACCOUNT_SID' {
        $env:TWILIO_ACCOUNT_SID = $Account
        $env:TWILIO_API_KEY = Get-FakeApiKeySid
        $env:TWILIO_API_SECRET = Get-FakeSecretText
        $null = Get-TwilioApiKey
        $r = Get-FakeRequestLog
        $r.authUser | Should -BeExactly (Get-FakeApiKeySid)
        $r.path | Should -BeExactly "/2010-04-01/Accounts/$Account/Keys.json"
    }

    It 'prefers the Auth Token to an API key, which may be a Standard key that cannot manage keys' {
        $env:TWILIO_ACCOUNT_SID = $Account
        $env:TWILIO_AUTH_TOKEN = $AuthTokenText
        $env:TWILIO_API_KEY = Get-FakeApiKeySid
        $env:TWILIO_API_SECRET = Get-FakeSecretText
        $null = Get-TwilioApiKey
        (Get-FakeRequestLog).authUser | Should -BeExactly $Account
    }

    It 'takes the account from an Account SID credential, and -AccountSid over it' {
        $sub = 'AC' + '12' * 16
        $null = Get-TwilioApiKey -Credential $AuthCred
        $null = Get-TwilioApiKey -Credential $AuthCred -AccountSid $sub
        (Get-FakeRequestLog).path | Should -Be @("/2010-04-01/Accounts/$Account/Keys.json", "/2010-04-01/Accounts/$sub/Keys.json")
    }

    It 'stops before sending when there are no credentials at all' {
        { Get-TwilioApiKey -ErrorAction Stop } | Should -Throw -ErrorId 'RestCredentialMissing,TwilioTokens.Commands.GetTwilioApiKeyCommand'
        @(Get-FakeRequestLog) | Should -HaveCount 0
    }

    It 'asks for the account when the credential is an API key and no account is known' {
        $err = Invoke-Failing { Get-TwilioApiKey -Credential (Get-FakeCredential) }
        $err.FullyQualifiedErrorId | Should -BeExactly 'AccountSidMissing,TwilioTokens.Commands.GetTwilioApiKeyCommand'
        @(Get-FakeRequestLog) | Should -HaveCount 0
    }
}

Describe 'Faults, each with the ErrorRecord a script reads and the requests the server saw' {
    BeforeEach { Reset-FakeTwilio $Base }

    It '429 with Retry-After in seconds: waits that long, then succeeds' {
        $null = Add-FakeKey $Base $Account 'a'
        Add-FakeFault $Base -Status 429 -Headers @{ 'Retry-After' = '1' } -Body '{"code":20429,"message":"Too Many Requests","status":429}'
        @(Get-TwilioApiKey @Api) | Should -HaveCount 1
        $r = @(Get-FakeRequestLog)
        $r | Should -HaveCount 2
        $r[1].atMs - $r[0].atMs | Should -BeGreaterOrEqual 950
    }

    It '429 with Retry-After as an HTTP date: waits until then' {
        $null = Add-FakeKey $Base $Account 'a'
        $when = [DateTimeOffset]::UtcNow.AddSeconds(3).ToString('r')
        Add-FakeFault $Base -Status 429 -Headers @{ 'Retry-After' = $when }
        @(Get-TwilioApiKey @Api) | Should -HaveCount 1
        $r = @(Get-FakeRequestLog)
        $r | Should -HaveCount 2
        # Same machine, same clock: the retry comes no earlier than the date (its whole second), well after the first.
        $date = [DateTimeOffset]::Parse($when)
        ([DateTimeOffset] $r[0].atUtc) | Should -BeLessThan $date.AddSeconds(-1)
        ([DateTimeOffset] $r[1].atUtc) | Should -BeGreaterOrEqual $date.AddMilliseconds(-50)
    }

    It '429 asking for a longer wait than the cap: fails at once, ResourceUnavailable' {
        Add-FakeFault $Base -Status 429 -Headers @{ 'Retry-After' = '120' } -Body '{"code":20429,"message":"Too Many Requests","more_info":"https://www.twilio.com/docs/errors/20429","status":429}'
        $err = Invoke-Failing { Get-TwilioApiKey @Api }
        $err.FullyQualifiedErrorId | Should -BeExactly 'TwilioApiUnavailable,TwilioTokens.Commands.GetTwilioApiKeyCommand'
        $err.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        $err.Exception.RetryAfter | Should -Be ([TimeSpan]::FromSeconds(120))
        $err.Exception.Code | Should -Be 20429
        "$err" | Should -Match '120 s'
        @(Get-FakeRequestLog) | Should -HaveCount 1
    }

    It '500 until the retries run out: 1 request and 3 retries, then ResourceUnavailable' {
        Add-FakeFault $Base -Status 500 -Times 10 -Body '{"code":20500,"message":"Internal Server Error","more_info":"https://www.twilio.com/docs/errors/20500","status":500}'
        $err = Invoke-Failing { Get-TwilioApiKey @Api }
        $err.FullyQualifiedErrorId | Should -BeExactly 'TwilioApiUnavailable,TwilioTokens.Commands.GetTwilioApiKeyCommand'
        $err.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        $err.Exception | Should -BeOfType ([TwilioTokens.TwilioApiException])
        $err.Exception.StatusCode | Should -Be 500
        $err.Exception.Code | Should -Be 20500
        $err.Exception.Attempts | Should -Be 4
        @(Get-FakeRequestLog) | Should -HaveCount 4
    }

    It 'retries 5xx as often as -MaximumRetryCount says, and succeeds when the server recovers' {
        $null = Add-FakeKey $Base $Account 'a'
        Add-FakeFault $Base -Status 503 -Times 2
        @(Get-TwilioApiKey @Api -MaximumRetryCount 2) | Should -HaveCount 1
        @(Get-FakeRequestLog) | Should -HaveCount 3
        Reset-FakeTwilio $Base
        Add-FakeFault $Base -Status 502 -Times 5
        $null = Invoke-Failing { Get-TwilioApiKey @Api -MaximumRetryCount 0 }
        @(Get-FakeRequestLog) | Should -HaveCount 1
    }

    It 'does not repeat a create that got a 500 or a bare 503 (the key may exist), but repeats one that got 503 with Retry-After' {
        foreach ($status in 500, 503) {
            Reset-FakeTwilio $Base
            Add-FakeFault $Base -Status $status -Times 5
            $err = Invoke-Failing { New-TwilioApiKey 'once' @Api }
            $err.Exception.Attempts | Should -Be 1
            "$err" | Should -Match ([regex]::Escape("Get-TwilioApiKey -FriendlyName 'once'"))
            @(Get-FakeRequestLog) | Should -HaveCount 1
        }

        Reset-FakeTwilio $Base
        Add-FakeFault $Base -Status 503 -Headers @{ 'Retry-After' = '0' }
        (New-TwilioApiKey 'twice' @Api -WarningAction SilentlyContinue).FriendlyName | Should -BeExactly 'twice'
        @(Get-FakeRequestLog) | Should -HaveCount 2
    }

    It '404: ObjectNotFound with Twilio''s code, message, more_info and request id, not retried' {
        $err = Invoke-Failing { Get-TwilioApiKey $Missing @Api }
        $err.FullyQualifiedErrorId | Should -BeExactly 'TwilioApiNotFound,TwilioTokens.Commands.GetTwilioApiKeyCommand'
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err.TargetObject | Should -BeExactly $Missing
        $err.Exception.StatusCode | Should -Be 404
        $err.Exception.Code | Should -Be 20404
        $err.Exception.TwilioMessage | Should -Match 'was not found'
        $err.Exception.MoreInfo | Should -BeExactly 'https://www.twilio.com/docs/errors/20404'
        $err.Exception.RequestId | Should -Match '^RQ[0-9a-f]{32}$'
        "$err" | Should -Match '20404'
        @(Get-FakeRequestLog) | Should -HaveCount 1
    }

    It '401 with code 20003: PermissionDenied, saying only the Auth Token or a Main key may manage keys, not retried' {
        Add-FakeFault $Base -Status 401 -Body '{"code":20003,"message":"Authenticate","more_info":"https://www.twilio.com/docs/errors/20003","status":401}'
        $err = Invoke-Failing { Get-TwilioApiKey @Api }
        $err.FullyQualifiedErrorId | Should -BeExactly 'TwilioApiAccessDenied,TwilioTokens.Commands.GetTwilioApiKeyCommand'
        $err.CategoryInfo.Category | Should -Be 'PermissionDenied'
        $err.Exception.Code | Should -Be 20003
        $err.Exception.MoreInfo | Should -BeExactly 'https://www.twilio.com/docs/errors/20003'
        "$err" | Should -Match 'Auth Token or a Main API key'
        $err.ErrorDetails.RecommendedAction | Should -Match '-Credential'
        @(Get-FakeRequestLog) | Should -HaveCount 1
    }

    It '403 as RFC 9457 problem JSON: code, detail and type are read' {
        $problem = @{ type = 'https://www.twilio.com/docs/errors/20003'; title = 'Forbidden'; status = 403; detail = 'This key may not manage keys'; code = 20003 } | ConvertTo-Json
        Add-FakeFault $Base -Status 403 -ContentType 'application/problem+json' -Body $problem
        $err = Invoke-Failing { Remove-TwilioApiKey $Missing -Confirm:$false @Api }
        $err.CategoryInfo.Category | Should -Be 'PermissionDenied'
        $err.Exception.StatusCode | Should -Be 403
        $err.Exception.Code | Should -Be 20003
        $err.Exception.TwilioMessage | Should -BeExactly 'This key may not manage keys'
        $err.Exception.MoreInfo | Should -BeExactly 'https://www.twilio.com/docs/errors/20003'
    }

    It 'other 4xx: rejected at once, never retried' {
        Add-FakeFault $Base -Status 400 -Times 5 -Body '{"code":21201,"message":"Bad request","status":400}'
        $err = Invoke-Failing { New-TwilioApiKey 'x' @Api }
        $err.FullyQualifiedErrorId | Should -BeExactly 'TwilioApiRequestRejected,TwilioTokens.Commands.NewTwilioApiKeyCommand'
        $err.Exception.Code | Should -Be 21201
        @(Get-FakeRequestLog) | Should -HaveCount 1
    }

    It 'malformed JSON: InvalidResult, and nothing half-read is returned' {
        Add-FakeFault $Base -Status 200 -Body '{"keys": [{"sid": "SK'
        $err = Invoke-Failing { Get-TwilioApiKey @Api }
        $err.FullyQualifiedErrorId | Should -BeExactly 'TwilioApiInvalidResponse,TwilioTokens.Commands.GetTwilioApiKeyCommand'
        $err.CategoryInfo.Category | Should -Be 'InvalidResult'
        $err.Exception.Failure | Should -Be 'InvalidResponse'
        @(Get-FakeRequestLog) | Should -HaveCount 1
    }

    It 'a created key without a secret is an invalid answer, not a key without one, and the error names the key' {
        Add-FakeFault $Base -Status 201 -Body '{"sid":"SKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","friendly_name":"x","date_created":"Mon, 13 Jun 2016 22:50:08 +0000","date_updated":null}'
        $err = Invoke-Failing { New-TwilioApiKey 'x' @Api }
        $err.FullyQualifiedErrorId | Should -BeExactly 'TwilioApiInvalidResponse,TwilioTokens.Commands.NewTwilioApiKeyCommand'
        $err.CategoryInfo.Category | Should -Be 'InvalidResult'
        "$err" | Should -Match 'secret'
        "$err" | Should -Match 'Remove-TwilioApiKey SKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'
    }

    It 'a slow answer past -TimeoutSec: OperationTimeout, not retried' {
        Add-FakeFault $Base -DelayMs 4000
        $err = Invoke-Failing { Get-TwilioApiKey @Api -TimeoutSec 1 }
        $err.FullyQualifiedErrorId | Should -BeExactly 'TwilioApiTimeout,TwilioTokens.Commands.GetTwilioApiKeyCommand'
        $err.CategoryInfo.Category | Should -Be 'OperationTimeout'
        $err.Exception.Failure | Should -Be 'TimedOut'
        @(Get-FakeRequestLog) | Should -HaveCount 1
    }

    It 'a connection dropped before every answer: retried, then ConnectionError saying the answer was lost' {
        Add-FakeFault $Base -Drop -Times 10
        $err = Invoke-Failing { Get-TwilioApiKey @Api }
        $err.FullyQualifiedErrorId | Should -BeExactly 'TwilioApiConnectionLost,TwilioTokens.Commands.GetTwilioApiKeyCommand'
        $err.CategoryInfo.Category | Should -Be 'ConnectionError'
        $err.Exception.Failure | Should -Be 'ConnectionLost'
        $err.Exception.StatusCode | Should -BeNullOrEmpty
        $err.Exception.Attempts | Should -Be 4
        "$err" | Should -Not -Match 'could not reach'
        @(Get-FakeRequestLog) | Should -HaveCount 4
    }

    It 'a refused port: ConnectionError at once, without retries (IAM v1, then 2010-04-01, once each)' {
        $port = Get-FreeLoopbackPort
        $errs = $null
        $all = Get-TwilioApiKey -ApiBaseUri "http://127.0.0.1:$port" -Credential $AuthCred -Verbose -ErrorVariable errs -ErrorAction SilentlyContinue 4>&1
        @($errs) | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -BeExactly 'TwilioApiConnectionFailed,TwilioTokens.Commands.GetTwilioApiKeyCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        $errs[0].Exception.Attempts | Should -Be 1
        "$($errs[0])" | Should -Match "127\.0\.0\.1:$port"
        @($all | Where-Object { "$_" -match '^GET ' }) -replace '^GET http://[^/]+(/(v1|2010-04-01)/).*', '$1' | Should -Be @('/v1/', '/2010-04-01/')
        @($all | Where-Object { "$_" -match 'retry' }) | Should -HaveCount 0
    }

    It 'a pipeline of several gets goes on after each failure' {
        $keys = Add-FakeKey $Base $Account 'a', 'b'
        Add-FakeFault $Base -Status 500 -Times 4 -Method GET
        $errs = $null
        $out = @($keys[0].sid, $keys[1].sid) | Get-TwilioApiKey @Api -ErrorVariable errs -ErrorAction SilentlyContinue
        $out.Sid | Should -Be @($keys[1].sid)
        $errs.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        @(Get-FakeRequestLog) | Should -HaveCount 5
    }
}

Describe 'A new key''s secret reaches the caller whatever the preferences' {
    BeforeEach { Reset-FakeTwilio $Base }

    It 'returns the key before the reminder, which comes as a warning' {
        $all = @(New-TwilioApiKey 'ordered' @Api 3>&1)
        $all | Should -HaveCount 2
        $all[0] | Should -BeOfType ([TwilioTokens.NewApiKey])
        $all[1] | Should -BeOfType ([Management.Automation.WarningRecord])
        "$($all[1])" | Should -Match "Store the secret of API key $($all[0].Sid)"
    }

    It 'with <Case> the key is still returned, assigned and in -OutVariable' -ForEach @(
        @{ Case = '-WarningAction Stop'; Extra = @{ WarningAction = 'Stop' } }
        @{ Case = '-WarningAction Inquire (no one to ask)'; Extra = @{ WarningAction = 'Inquire' } }
        @{ Case = '$WarningPreference = Stop'; Extra = @{}; Preference = 'Stop' }
    ) {
        if ($Preference) { $WarningPreference = $Preference }
        $key = New-TwilioApiKey 'kept' @Api @Extra -OutVariable out
        $key | Should -BeOfType ([TwilioTokens.NewApiKey])
        @($out) | Should -HaveCount 1
        $out[0].Sid | Should -BeExactly $key.Sid
        (ConvertFrom-SecureText $key.Credential.Password).Length | Should -Be 32
        @(Get-TwilioApiKey @Api -WarningAction Continue).Sid | Should -Be @($key.Sid)
    }

    It 'with -WarningAction Stop and -Verbose, the reminder is a verbose message' {
        $all = @(New-TwilioApiKey 'quiet' @Api -WarningAction Stop -Verbose 4>&1)
        $key = @($all | Where-Object { $_ -is [TwilioTokens.NewApiKey] })
        $key | Should -HaveCount 1
        @($all | Where-Object { "$_" -match "Store the secret of API key $($key[0].Sid)" }) | Should -HaveCount 1
    }

    It 'with -Debug in a host without a console' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddArgument($env:TWILIOTOKENS_MODULE).AddStatement()
            $null = $ps.AddCommand('New-TwilioApiKey').AddParameters(@{ FriendlyName = 'debugged'; Debug = $true } + $Api)
            $out = $ps.Invoke()
            $ps.HadErrors | Should -BeFalse
            $out | Should -HaveCount 1
            $out[0] | Should -BeOfType ([TwilioTokens.NewApiKey])
        }
        finally { $ps.Dispose() }
    }

    It 'reads sid and secret of a 201 whose dates do not parse, and the rest leniently' {
        Add-FakeFault $Base -Status 201 -Body '{"sid":"SKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb","friendly_name":7,"date_created":"the day before yesterday","date_updated":"Mon, 13 Jun 2016 22:50:08 +0000","secret":"0123456789abcdef0123456789abcdef"}'
        $key = New-TwilioApiKey 'odd' @Api -WarningAction SilentlyContinue
        $key.Sid | Should -BeExactly ('SK' + 'b' * 32)
        ConvertFrom-SecureText $key.Secret | Should -BeExactly '0123456789abcdef0123456789abcdef'
        $key.DateCreated | Should -BeNullOrEmpty
        $key.FriendlyName | Should -BeNullOrEmpty
        $key.DateUpdated | Should -Be ([DateTimeOffset]::new(2016, 6, 13, 22, 50, 8, [TimeSpan]::Zero))
    }

    It 'a create whose answer is lost after Twilio created the key (<Case>): not repeated, and says how to find the key' -ForEach @(
        @{ Case = 'dropped'; Fault = @{ Drop = $true } }
        @{ Case = 'cut off mid-answer'; Fault = @{ TruncateAt = 20 } }
    ) {
        Add-FakeFault $Base -Method POST -Process @Fault
        $err = Invoke-Failing { New-TwilioApiKey "lost's [1]" @Api }
        $err.FullyQualifiedErrorId | Should -BeExactly 'TwilioApiConnectionLost,TwilioTokens.Commands.NewTwilioApiKeyCommand'
        $err.CategoryInfo.Category | Should -Be 'ConnectionError'
        $err.Exception.Attempts | Should -Be 1
        "$err" | Should -Not -Match 'could not reach'
        "$err" | Should -Match 'may have created the key'
        @(Get-FakeRequestLog | Where-Object method -EQ 'POST') | Should -HaveCount 1
        # The command the message names finds the key that was created.
        "$err" -match "(Get-TwilioApiKey -FriendlyName '(?:[^']|'')*')" | Should -BeTrue
        $found = @(& ([scriptblock]::Create("param(`$Api) $($Matches[1]) @Api")) $Api)
        $found | Should -HaveCount 1
        $found[0].FriendlyName | Should -BeExactly "lost's [1]"
    }
}

Describe 'Listings that loop, never end or say nothing of the next page' {
    BeforeEach { Reset-FakeTwilio $Base }

    It 'stops at a page already read, with an error after the keys read, each written once' {
        $keys = Add-FakeKey $Base $Account 'a', 'b'
        $page = @{ keys = @($keys | ForEach-Object { @{ sid = $_.sid; friendly_name = $_.friendlyName } }); next_page_uri = "/2010-04-01/Accounts/$Account/Keys.json?Page=1" } | ConvertTo-Json -Depth 4
        Add-FakeFault $Base -Method GET -Status 200 -Body $page -Times 50
        $errs = $null
        $out = @(Get-TwilioApiKey @Api -ErrorVariable errs -ErrorAction SilentlyContinue | Remove-TwilioApiKey -Confirm:$false -PassThru @Api)
        $out.Sid | Should -Be @($keys.sid)
        @($errs) | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -BeExactly 'TwilioApiInvalidResponse,TwilioTokens.Commands.GetTwilioApiKeyCommand'
        "$($errs[0])" | Should -Match 'already read'
        @(Get-FakeRequestLog | Where-Object method -EQ 'GET') | Should -HaveCount 2
        @(Get-FakeRequestLog | Where-Object method -EQ 'DELETE') | Should -HaveCount 2
    }

    It 'stops after 1,000 pages of a listing that never ends' {
        Add-FakeFault $Base -Method GET -EndlessPage -Times 1100
        $errs = $null
        $out = @(Get-TwilioApiKey @Api -PageSize 1 -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out | Should -HaveCount 1000
        @($errs) | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -BeExactly 'TwilioApiResponseTooLarge,TwilioTokens.Commands.GetTwilioApiKeyCommand'
        "$($errs[0])" | Should -Match '1,000 pages'
        @(Get-FakeRequestLog) | Should -HaveCount 1000
    }

    It 'a next_page_uri that is not a string is an invalid answer, not the end of the listing' {
        Add-FakeFault $Base -Method GET -Status 200 -Body '{"keys":[],"next_page_uri":2}'
        $err = Invoke-Failing { Get-TwilioApiKey @Api }
        $err.FullyQualifiedErrorId | Should -BeExactly 'TwilioApiInvalidResponse,TwilioTokens.Commands.GetTwilioApiKeyCommand'
        "$err" | Should -Match 'next_page_uri'
    }
}

Describe 'Retries of GET and DELETE, whose repetition is harmless' {
    BeforeEach { Reset-FakeTwilio $Base }

    It 'a DELETE that removed the key but answered <Case>, retried into a 404: removed, and verbose says so' -ForEach @(
        @{ Case = '500'; Fault = @{ Status = 500; Body = '{"code":20500,"message":"Internal Server Error","status":500}' } }
        @{ Case = 'with a dropped connection'; Fault = @{ Drop = $true } }
    ) {
        $keys = Add-FakeKey $Base $Account 'gone'
        Add-FakeFault $Base -Method DELETE -Process @Fault
        $all = @(Remove-TwilioApiKey $keys[0].sid -Confirm:$false -PassThru @Api -Verbose 4>&1)
        @($all | Where-Object { $_ -is [Management.Automation.ErrorRecord] }) | Should -HaveCount 0
        @($all | Where-Object { $_ -is [TwilioTokens.ApiKey] }).Sid | Should -Be @($keys[0].sid)
        @($all | Where-Object { "$_" -match 'taken as removed' }) | Should -HaveCount 1
        @(Get-FakeRequestLog | Where-Object method -EQ 'DELETE') | Should -HaveCount 2
    }

    It 'a listing goes on after a connection reset on a later page' {
        $seeded = Add-FakeKey $Base $Account (1..7 | ForEach-Object { "key $_" })
        Add-FakeFault $Base -Method GET
        Add-FakeFault $Base -Method GET -Drop
        (Get-TwilioApiKey -PageSize 3 @Api).Sid | Should -Be @($seeded.sid)
        @(Get-FakeRequestLog) | Should -HaveCount 4
    }

    It 'a fetch goes on after a connection cut off mid-answer' {
        $keys = Add-FakeKey $Base $Account 'a'
        Add-FakeFault $Base -Method GET -TruncateAt 10
        (Get-TwilioApiKey $keys[0].sid @Api).Sid | Should -BeExactly $keys[0].sid
        @(Get-FakeRequestLog) | Should -HaveCount 2
    }

    It 'an answer broken mid-answer every time: its own ErrorId and message' {
        $keys = Add-FakeKey $Base $Account 'a'
        Add-FakeFault $Base -Method GET -TruncateAt 10 -Times 10
        $err = Invoke-Failing { Get-TwilioApiKey $keys[0].sid @Api -MaximumRetryCount 1 }
        $err.FullyQualifiedErrorId | Should -BeExactly 'TwilioApiConnectionLost,TwilioTokens.Commands.GetTwilioApiKeyCommand'
        "$err" | Should -Match 'while the answer was read'
        $err.Exception.Attempts | Should -Be 2
    }

    It 'an answer over the size cap: its own ErrorId and message, not retried' {
        Add-FakeFault $Base -Method GET -Status 200 -Body '{"keys":[],"next_page_uri":null}' -PadBytes 17MB -Times 5
        $err = Invoke-Failing { Get-TwilioApiKey @Api }
        $err.FullyQualifiedErrorId | Should -BeExactly 'TwilioApiResponseTooLarge,TwilioTokens.Commands.GetTwilioApiKeyCommand'
        $err.CategoryInfo.Category | Should -Be 'LimitsExceeded'
        "$err" | Should -Match '16 MB'
        @(Get-FakeRequestLog) | Should -HaveCount 1
    }
}

Describe 'Server text is data' {
    BeforeEach { Reset-FakeTwilio $Base }

    It 'control characters in message and more_info never reach the error record' {
        $body = @{ code = 21201; message = "Bad`e[2J`r`nWARNING: all good`a"; more_info = "https://www.twilio.com/docs/errors/21201`e[8m"; status = 400 } | ConvertTo-Json
        Add-FakeFault $Base -Status 400 -Body $body
        $err = Invoke-Failing { Get-TwilioApiKey @Api }
        foreach ($text in "$err", $err.Exception.TwilioMessage, $err.Exception.MoreInfo, $err.Exception.Message) {
            $text | Should -Not -Match '[\x00-\x1f\x7f]'
        }
        $err.Exception.TwilioMessage | Should -Match 'Bad.+all good'
    }

    It 'more_info is a link only when it is an https URL on twilio.com: <MoreInfo>' -ForEach @(
        @{ MoreInfo = 'https://evil.example.test/docs/errors/21201'; Kept = $false }
        @{ MoreInfo = 'http://www.twilio.com/docs/errors/21201'; Kept = $false }
        @{ MoreInfo = 'https://twilio.com.evil.example.test/21201'; Kept = $false }
        @{ MoreInfo = 'javascript:alert(1)'; Kept = $false }
        @{ MoreInfo = 'https://www.twilio.com/docs/errors/21201'; Kept = $true }
        @{ MoreInfo = 'https://twilio.com/docs/errors/21201'; Kept = $true }
    ) {
        Add-FakeFault $Base -Status 400 -Body (@{ code = 21201; message = 'Bad'; more_info = $MoreInfo; status = 400 } | ConvertTo-Json)
        $err = Invoke-Failing { Get-TwilioApiKey @Api }
        if ($Kept) {
            $err.Exception.MoreInfo | Should -BeExactly $MoreInfo
            "$err" | Should -Match ([regex]::Escape($MoreInfo))
        }
        else {
            $err.Exception.MoreInfo | Should -BeNullOrEmpty
            "$err" | Should -Not -Match ([regex]::Escape($MoreInfo))
        }
    }
}

Describe 'Loopback base URIs never use a proxy' {
    BeforeEach { Reset-FakeTwilio $Base }

    It 'with <Variable> set, -ApiBaseUri http://127.0.0.1:PORT goes straight to it' -ForEach @(
        @{ Variable = 'HTTP_PROXY' }, @{ Variable = 'http_proxy' }, @{ Variable = 'ALL_PROXY' }
    ) {
        $proxy = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
        $proxy.Start()
        try {
            $saved = @{}
            $set = @{ POWERSHELL_UPDATECHECK = 'Off'; POWERSHELL_TELEMETRY_OPTOUT = '1' }
            foreach ($name in $set.Keys) { $saved[$name] = [Environment]::GetEnvironmentVariable($name); [Environment]::SetEnvironmentVariable($name, $set[$name]) }
            try {
                # The proxy variable is set in the new pwsh only: .NET reads the default proxy once per process, so
                # a request this process made meanwhile (PowerShell's telemetry) would keep the dead proxy for good.
                $out = Invoke-FreshPwsh @"
[Environment]::SetEnvironmentVariable('$Variable', 'http://127.0.0.1:$($proxy.LocalEndpoint.Port)')
Import-Module '$env:TWILIOTOKENS_MODULE'
`$c = [pscredential]::new('$Account', (ConvertTo-SecureString '$AuthTokenText' -AsPlainText -Force))
`$r = Get-TwilioApiKey -ApiBaseUri '$Base' -Credential `$c -TimeoutSec 5 -MaximumRetryCount 0 -ErrorAction Continue 2>&1
"result: `$(@(`$r).Count) `$(`$r)"
"@
            }
            finally {
                foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
            }
            "$out" | Should -BeExactly 'result: 0 '
            # What reached the proxy: on a shared machine another process may knock on any port, so only a request
            # for the Keys resource counts.
            $seen = ''
            while ($proxy.Pending()) {
                $client = $proxy.AcceptTcpClient()
                try {
                    $stream = $client.GetStream(); $stream.ReadTimeout = 1000; $buffer = [byte[]]::new(4096)
                    try { $seen += [Text.Encoding]::ASCII.GetString($buffer, 0, $stream.Read($buffer, 0, $buffer.Length)) }
                    catch [IO.IOException] { Write-Verbose 'A knock on the proxy port sent nothing within a second.' }
                }
                finally { $client.Dispose() }
            }
            $seen | Should -Not -Match 'Keys\.json'

            @(Get-FakeRequestLog) | Should -HaveCount 1
        }
        finally { $proxy.Stop() }
    }
}

Describe 'Credentials never appear in output, errors, verbose or debug' {
    BeforeAll {
        $script:Basic = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("${Account}:$AuthTokenText"))
        function script:Assert-Clean([object[]] $Items, [string[]] $Secrets) {
            foreach ($item in $Items) {
                $texts = @("$item", ($item | Format-List * -Force | Out-String -Width 500))
                if ($item -is [Management.Automation.ErrorRecord]) {
                    $texts += $item.Exception.ToString(); $texts += "$($item.ErrorDetails)"; $texts += "$($item.TargetObject)"
                }
                elseif ($item -isnot [string] -and $item -isnot [Management.Automation.InformationalRecord]) {
                    $texts += ($item | ConvertTo-Json -Depth 4 -WarningAction SilentlyContinue)
                }
                foreach ($text in $texts) {
                    foreach ($secret in $Secrets) { $text | Should -Not -Match ([regex]::Escape($secret)) }
                }
            }
        }
    }
    BeforeEach { Reset-FakeTwilio $Base }

    It 'in every stream of create, list, remove and their failures' {
        $all = @(
            # -WarningAction: -Debug alone would make the secret warning ask for confirmation.
            New-TwilioApiKey 'k' @Api -Verbose -Debug -WarningAction Continue *>&1
            Get-TwilioApiKey @Api -Verbose -Debug *>&1
            Get-TwilioApiKey $Missing @Api -Verbose -Debug -ErrorAction Continue *>&1
            & { Add-FakeFault $Base -Status 401 -Body '{"code":20003,"message":"Authenticate","status":401}'; Get-TwilioApiKey @Api -Verbose -Debug -ErrorAction Continue *>&1 }
            & { Add-FakeFault $Base -DelayMs 3000; Get-TwilioApiKey @Api -TimeoutSec 1 -Verbose -Debug -ErrorAction Continue *>&1 }
            Remove-TwilioApiKey $Missing -Confirm:$false @Api -Verbose -Debug -ErrorAction Continue *>&1
        )
        $created = $all | Where-Object { $_ -is [TwilioTokens.NewApiKey] }
        $created | Should -HaveCount 1
        @($all | Where-Object { $_ -is [Management.Automation.ErrorRecord] }) | Should -HaveCount 4
        @($all | Where-Object { $_ -is [Management.Automation.VerboseRecord] }) | Should -Not -BeNullOrEmpty
        $newSecret = ConvertFrom-SecureText $created.Secret
        Assert-Clean $all @($AuthTokenText, $Basic, $newSecret)
    }

    It 'not even when the credentials come from the environment' {
        try {
            $env:TWILIO_ACCOUNT_SID = $Account
            $env:TWILIO_AUTH_TOKEN = $AuthTokenText
            $all = Get-TwilioApiKey $Missing -ApiBaseUri $Base -Verbose -Debug -ErrorAction Continue *>&1
            $all | Should -Not -BeNullOrEmpty
            Assert-Clean $all @($AuthTokenText, $Basic)
        }
        finally {
            Remove-Item Env:TWILIO_ACCOUNT_SID, Env:TWILIO_AUTH_TOKEN -ErrorAction SilentlyContinue
        }
    }

    It 'nor a new key''s secret when it is printed, converted or formatted' {
        $key = New-TwilioApiKey 'k' @Api -WarningAction SilentlyContinue
        $secret = ConvertFrom-SecureText $key.Secret
        Assert-Clean @($key, ($key | Out-String -Width 500), ($key | Format-Table * | Out-String -Width 500)) @($secret)
        "$key" | Should -BeExactly $key.Sid
        # The default view is a table of the key's facts, without a column for the secret.
        $shown = $key | Out-String -Width 120
        $shown | Should -Match "Sid\s+FriendlyName\s+DateCreated\s+AccountSid"
        $shown | Should -Match ([regex]::Escape($key.Sid))
        $shown | Should -Not -Match 'Secret|Credential'

    }
}
