# New-TwilioAccessToken and New-TwilioVoiceGrant: the wire contract of ../docs (spec/access-token.md), checked
# against twilio-csharp and against an independent HMAC.

[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSAvoidUsingConvertToSecureStringWithPlainText', '',
    Justification = 'Fake secrets of the tests, which are plain text by design.')]
param()

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-BuiltModule
    $script:Cred = Get-FakeCredential
    $script:Account = Get-FakeAccountSid
    $script:KeySid = Get-FakeApiKeySid
    $script:App = 'AP' + 'ab' * 16
    $script:PushCred = 'CR' + 'cd' * 16
}

Describe 'Token wire format' {
    BeforeAll {
        $script:Token = New-TwilioAccessToken -Identity alice -AccountSid $Account -Credential $Cred
        $script:Header = Get-JwtPart $Token.Jwt 0
        $script:Payload = Get-JwtPart $Token.Jwt 1
    }

    It 'has the header Twilio requires, and no region unless asked' {
        $Header['typ'] | Should -BeExactly 'JWT'
        $Header['alg'] | Should -BeExactly 'HS256'
        $Header['cty'] | Should -BeExactly 'twilio-fpa;v=1'
        $Header.Contains('twr') | Should -BeFalse
    }

    It 'names the key as issuer and the account as subject' {
        $Payload['iss'] | Should -BeExactly $KeySid
        $Payload['sub'] | Should -BeExactly $Account
        $Payload['grants']['identity'] | Should -BeExactly 'alice'
    }

    It 'expires one hour after issue by default, and writes no nbf' {
        $Payload['exp'] - $Payload['iat'] | Should -Be 3600
        $Payload.Contains('nbf') | Should -BeFalse
        [Math]::Abs($Payload['iat'] - [DateTimeOffset]::UtcNow.ToUnixTimeSeconds()) | Should -BeLessOrEqual 5
    }

    It 'writes an empty grants object when there are no grants but the identity' {
        @($Payload['grants'].Keys) | Should -Be @('identity')
    }

    It 'has a jti of the key SID and a random string' {
        $Payload['jti'] | Should -Match "^$KeySid-[0-9a-f]{32}$"
        $Token.Id | Should -BeExactly $Payload['jti']
    }

    It 'gives the same text and id on every read, from many threads at once (written when first read)' {
        $fresh = New-TwilioAccessToken -Identity bob -AccountSid $Account -Credential $Cred
        $texts = 1..64 | ForEach-Object -ThrottleLimit 8 -Parallel { ($using:fresh).Jwt + ' ' + ($using:fresh).Id }
        @($texts | Select-Object -Unique) | Should -HaveCount 1
        $texts[0] | Should -BeExactly ($fresh.ToString() + ' ' + $fresh.Id)
        (Get-JwtPart $fresh.Jwt 1)['jti'] | Should -BeExactly $fresh.Id
    }

    It 'keeps the token it signed, whatever changed since' {
        # Grant objects changed afterwards, and later runs with other grants, must not reach a token's text.
        $voice = New-TwilioVoiceGrant -IncomingAllow
        $rows = @(
            [pscustomobject]@{ Identity = 'row1'; Grant = $voice }
            [pscustomobject]@{ Identity = 'row2'; Grant = New-TwilioVideoGrant -Room r2 }
            [pscustomobject]@{ Identity = 'row3'; Grant = $voice }
        )
        $notBefore = [DateTime]::UtcNow.AddMinutes(-1)
        $tokens = $rows | New-TwilioAccessToken -AccountSid $Account -Credential $Cred -Region ie1 -NotBefore $notBefore
        $voice.IncomingAllow = $false
        $voice.OutgoingApplicationSid = $App
        $null = New-TwilioAccessToken -Identity row1, row3 -Grant $voice -AccountSid $Account -Credential $Cred
        $tokens | Should -HaveCount 3
        foreach ($t in $tokens) {
            $parts = $t.Jwt.Split('.')
            $parts[2] | Should -BeExactly (Get-Hs256Signature -SigningInput "$($parts[0]).$($parts[1])" -Secret (Get-FakeSecretText))
            (Get-JwtPart $t.Jwt 0)['twr'] | Should -BeExactly 'ie1'
            $payload = Get-JwtPart $t.Jwt 1
            $payload['jti'] | Should -BeExactly $t.Id
            $payload['iat'] | Should -Be $t.IssuedAt.ToUnixTimeSeconds()
            $payload['exp'] | Should -Be $t.ExpiresAt.ToUnixTimeSeconds()
            $payload['nbf'] | Should -Be ([DateTimeOffset]::new($notBefore).ToUnixTimeSeconds())
            $payload['grants']['identity'] | Should -BeExactly $t.Identity
        }
        $grants = @($tokens | ForEach-Object { (Get-JwtPart $_.Jwt 1)['grants'] })
        $grants[0]['voice']['incoming']['allow'] | Should -BeTrue
        $grants[0]['voice'].Contains('outgoing') | Should -BeFalse
        $grants[1]['video']['room'] | Should -BeExactly 'r2'
        $grants[1].Contains('voice') | Should -BeFalse
        $grants[2]['voice'] | ConvertTo-Json -Compress | Should -BeExactly ($grants[0]['voice'] | ConvertTo-Json -Compress)
    }

    It 'is signed with HMAC-SHA256 of the secret (checked without the module)' {
        $parts = $Token.Jwt.Split('.')
        $parts[2] | Should -BeExactly (Get-Hs256Signature -SigningInput "$($parts[0]).$($parts[1])" -Secret (Get-FakeSecretText))
    }

    It 'uses base64url without padding in every part' {
        $Token.Jwt | Should -Match '^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$'
    }

    It 'returns an object describing the token, whose ToString() is the JWT' {
        $Token | Should -BeOfType ([TwilioTokens.AccessToken])
        "$Token" | Should -BeExactly $Token.Jwt
        $Token.Identity | Should -BeExactly 'alice'
        $Token.AccountSid | Should -BeExactly $Account
        $Token.ApiKeySid | Should -BeExactly $KeySid
        $Token.IssuedAt | Should -Be ([DateTimeOffset]::FromUnixTimeSeconds($Payload['iat']))
        $Token.ExpiresAt | Should -Be ([DateTimeOffset]::FromUnixTimeSeconds($Payload['exp']))
        $Token.ExpiresAt.Offset | Should -Be ([TimeSpan]::Zero)
        $Token.NotBefore | Should -BeNullOrEmpty
        $Token.Region | Should -BeNullOrEmpty
        $Token.Grants.Count | Should -Be 0
    }

    It 'sets exp from -Ttl' {
        $p = Get-JwtPart (New-TwilioAccessToken alice -AccountSid $Account -Credential $Cred -Ttl 60).Jwt 1
        $p['exp'] - $p['iat'] | Should -Be 60
    }

    It 'writes nbf, floored to whole seconds, only with -NotBefore' {
        $when = [DateTime]::UtcNow.AddMinutes(5).AddMilliseconds(900)
        $t = New-TwilioAccessToken alice -AccountSid $Account -Credential $Cred -NotBefore $when
        $p = Get-JwtPart $t.Jwt 1
        $p['nbf'] | Should -Be ([Math]::Floor(([DateTimeOffset]$when).ToUnixTimeMilliseconds() / 1000))
        $t.NotBefore | Should -Be ([DateTimeOffset]::FromUnixTimeSeconds($p['nbf']))
    }

    It 'writes the region as header twr, in lower case' {
        $t = New-TwilioAccessToken alice -AccountSid $Account -Credential $Cred -Region IE1
        (Get-JwtPart $t.Jwt 0)['twr'] | Should -BeExactly 'ie1'
        $t.Region | Should -BeExactly 'ie1'
    }

    It 'rejects a region Twilio does not have' {
        { New-TwilioAccessToken alice -AccountSid $Account -Credential $Cred -Region 'mars1' } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,TwilioTokens.Commands.NewTwilioAccessTokenCommand'
    }

    It 'rejects a -Ttl outside 1..86400 seconds' -TestCases @(@{ Ttl = 0 }, @{ Ttl = 86401 }, @{ Ttl = -5 }) {
        { New-TwilioAccessToken alice -AccountSid $Account -Credential $Cred -Ttl $Ttl } |
            Should -Throw -ErrorId 'InvalidTtl,TwilioTokens.Commands.NewTwilioAccessTokenCommand'
    }

    It 'accepts the bounds of -Ttl' -TestCases @(@{ Ttl = 1 }, @{ Ttl = 86400 }) {
        $p = Get-JwtPart (New-TwilioAccessToken alice -AccountSid $Account -Credential $Cred -Ttl $Ttl).Jwt 1
        $p['exp'] - $p['iat'] | Should -Be $Ttl
    }

    It 'refuses a -NotBefore at or after the expiry' {
        { New-TwilioAccessToken alice -AccountSid $Account -Credential $Cred -Ttl 60 -NotBefore ([DateTime]::UtcNow.AddHours(2)) } |
            Should -Throw -ErrorId 'NotBeforeAfterExpiry,TwilioTokens.Commands.NewTwilioAccessTokenCommand'
    }

    It 'gives every token a different jti, even within one second' {
        $ids = New-TwilioAccessToken -Identity (1..500 | ForEach-Object { "user$_" }) -AccountSid $Account -Credential $Cred |
            ForEach-Object Id
        $ids.Count | Should -Be 500
        ($ids | Sort-Object -Unique).Count | Should -Be 500
    }
}

Describe 'Equal to twilio-csharp (Twilio 8.2.0) less time claims and jti' {
    BeforeDiscovery {
        $script:VoiceCases = @(
            @{ Name = 'no grants'; Grant = $null; Oracle = @() }
            @{ Name = 'empty voice grant'; Grant = @{}; Oracle = @(@{ kind = 'voice' }) }
            @{ Name = 'incoming only'; Grant = @{ IncomingAllow = $true }; Oracle = @(@{ kind = 'voice'; incomingAllow = $true }) }
            @{ Name = 'outgoing with params'; Grant = @{ OutgoingApplicationSid = 'AP' + 'ab' * 16; OutgoingApplicationParams = @{ to = '+15550100'; mode = 'x' } }
                Oracle = @(@{ kind = 'voice'; outgoingApplicationSid = 'AP' + 'ab' * 16; outgoingApplicationParams = @{ to = '+15550100'; mode = 'x' } }) }
            @{ Name = 'all fields'; Grant = @{ IncomingAllow = $true; OutgoingApplicationSid = 'AP' + 'ab' * 16; OutgoingApplicationParams = @{ a = 'b' }; PushCredentialSid = 'CR' + 'cd' * 16; EndpointId = 'alice-phone' }
                Oracle = @(@{ kind = 'voice'; incomingAllow = $true; outgoingApplicationSid = 'AP' + 'ab' * 16; outgoingApplicationParams = @{ a = 'b' }; pushCredentialSid = 'CR' + 'cd' * 16; endpointId = 'alice-phone' }) }
        )
    }

    It 'matches for <Name>, with and without a region' -ForEach $VoiceCases {
        foreach ($region in @($null, 'au1')) {
            $params = @{ Identity = 'alice'; AccountSid = $Account; Credential = $Cred }
            if ($region) { $params.Region = $region }
            if ($null -ne $Grant) { $params.Grant = New-TwilioVoiceGrant @Grant }
            $ours = (New-TwilioAccessToken @params).Jwt
            $theirs = (Invoke-Oracle @(@{ accountSid = $Account; apiKeySid = $KeySid; secret = (Get-FakeSecretText); identity = 'alice'; ttl = 3600; region = $region; grants = $Oracle }))[0]

            (Get-JwtPart $ours 0 | ConvertTo-CanonicalJson) | Should -BeExactly (Get-JwtPart $theirs 0 | ConvertTo-CanonicalJson)
            (Remove-TimeClaim (Get-JwtPart $ours 1) | ConvertTo-CanonicalJson) |
                Should -BeExactly (Remove-TimeClaim (Get-JwtPart $theirs 1) | ConvertTo-CanonicalJson)
        }
    }

    It 'decodes and verifies a token twilio-csharp minted' {
        $theirs = (Invoke-Oracle @(@{ accountSid = $Account; apiKeySid = $KeySid; secret = (Get-FakeSecretText); identity = 'bob'; ttl = 600
                    grants = @(@{ kind = 'voice'; incomingAllow = $true; outgoingApplicationSid = $App; outgoingApplicationParams = @{ k = 'v' }; pushCredentialSid = $PushCred }) }))[0]
        $decoded = ConvertFrom-TwilioAccessToken $theirs -Credential $Cred
        $decoded.SignatureStatus | Should -Be 'Valid'
        $decoded.Identity | Should -BeExactly 'bob'
        $decoded.ApiKeySid | Should -BeExactly $KeySid
        $decoded.AccountSid | Should -BeExactly $Account
        $decoded.Problems | Should -BeNullOrEmpty
        $decoded.Grants | Should -HaveCount 1
        $voice = $decoded.Grants[0]
        $voice | Should -BeOfType ([TwilioTokens.VoiceGrant])
        $voice.IncomingAllow | Should -BeTrue
        $voice.OutgoingApplicationSid | Should -BeExactly $App
        $voice.OutgoingApplicationParams['k'] | Should -BeExactly 'v'
        $voice.PushCredentialSid | Should -BeExactly $PushCred
    }
}

Describe 'New-TwilioVoiceGrant' {
    It 'writes incoming.allow only when allowed, never false' {
        $p = Get-JwtPart (New-TwilioVoiceGrant | New-TwilioAccessToken alice -AccountSid $Account -Credential $Cred).Jwt 1
        $p['grants']['voice'].Count | Should -Be 0
        $p = Get-JwtPart (New-TwilioVoiceGrant -IncomingAllow | New-TwilioAccessToken alice -AccountSid $Account -Credential $Cred).Jwt 1
        $p['grants']['voice']['incoming']['allow'] | Should -BeTrue
    }

    It 'writes params as strings, under outgoing, with the application SID' {
        $g = New-TwilioVoiceGrant -OutgoingApplicationSid $App -OutgoingApplicationParams @{ n = 42; b = $true }
        $p = Get-JwtPart ($g | New-TwilioAccessToken alice -AccountSid $Account -Credential $Cred).Jwt 1
        $p['grants']['voice']['outgoing']['application_sid'] | Should -BeExactly $App
        $p['grants']['voice']['outgoing']['params']['n'] | Should -BeExactly '42'
        $p['grants']['voice']['outgoing']['params']['b'] | Should -BeExactly 'True'
    }

    It 'refuses params without an application SID, as a non-terminating error' {
        $out = New-TwilioVoiceGrant -OutgoingApplicationParams @{ a = 'b' } -ErrorVariable errs -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidGrantArgument,TwilioTokens.Commands.NewTwilioVoiceGrantCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'rejects a <Parameter> that is not a <Prefix> SID, naming the mix-up' -TestCases @(
        @{ Parameter = 'OutgoingApplicationSid'; Prefix = 'AP' }
        @{ Parameter = 'PushCredentialSid'; Prefix = 'CR' }
    ) {
        $p = @{ $Parameter = $Account }
        { New-TwilioVoiceGrant @p } | Should -Throw -ExpectedMessage "*starts with 'AC'*" -ErrorId 'ParameterArgumentValidationError,TwilioTokens.Commands.NewTwilioVoiceGrantCommand'
    }

    It 'returns a typed grant with the values given' {
        $g = New-TwilioVoiceGrant -IncomingAllow -OutgoingApplicationSid $App -PushCredentialSid $PushCred -EndpointId e1
        $g | Should -BeOfType ([TwilioTokens.VoiceGrant])
        $g.Kind | Should -BeExactly 'voice'
        $g.IncomingAllow | Should -BeTrue
        $g.EndpointId | Should -BeExactly 'e1'
    }
}

Describe 'Signing credentials' {
    AfterEach {
        Remove-Item Env:TWILIO_ACCOUNT_SID, Env:TWILIO_API_KEY, Env:TWILIO_API_SECRET -ErrorAction SilentlyContinue
    }

    It 'signs with -ApiKeySid and a SecureString -ApiKeySecret' {
        $t = New-TwilioAccessToken alice -AccountSid $Account -ApiKeySid $KeySid -ApiKeySecret $Cred.Password
        (ConvertFrom-TwilioAccessToken $t -Credential $Cred).SignatureStatus | Should -Be 'Valid'
    }

    It 'falls back to TWILIO_ACCOUNT_SID, TWILIO_API_KEY and TWILIO_API_SECRET' {
        $env:TWILIO_ACCOUNT_SID = $Account
        $env:TWILIO_API_KEY = $KeySid
        $env:TWILIO_API_SECRET = Get-FakeSecretText
        $t = New-TwilioAccessToken alice
        $t.AccountSid | Should -BeExactly $Account
        (ConvertFrom-TwilioAccessToken $t -Credential $Cred).SignatureStatus | Should -Be 'Valid'
    }

    It 'prefers parameters over the environment' {
        $env:TWILIO_ACCOUNT_SID = 'AC' + 'e' * 32
        $env:TWILIO_API_KEY = 'SK' + 'e' * 32
        $env:TWILIO_API_SECRET = 'x' * 32
        $t = New-TwilioAccessToken alice -AccountSid $Account -Credential $Cred
        $t.AccountSid | Should -BeExactly $Account
        $t.ApiKeySid | Should -BeExactly $KeySid
    }

    It 'says what is missing when nothing is given: <Missing>' -TestCases @(
        @{ Missing = 'AccountSidMissing'; Env = @{ TWILIO_API_KEY = 'SK' + '1' * 32; TWILIO_API_SECRET = 'y' * 32 } }
        @{ Missing = 'ApiKeyMissing'; Env = @{ TWILIO_ACCOUNT_SID = 'AC' + '1' * 32 } }
    ) {
        foreach ($k in $Env.Keys) { Set-Item "Env:$k" $Env[$k] }
        { New-TwilioAccessToken alice } | Should -Throw -ErrorId "$Missing,TwilioTokens.Commands.NewTwilioAccessTokenCommand"
    }

    It 'explains an Account SID given where the API key SID belongs' {
        $acCred = [pscredential]::new($Account, $Cred.Password)
        $err = { New-TwilioAccessToken alice -AccountSid $Account -Credential $acCred } |
            Should -Throw -ErrorId 'AccountSidGivenAsApiKeySid,TwilioTokens.Commands.NewTwilioAccessTokenCommand' -PassThru
        $err.Exception.Message | Should -Match 'Account SID'
        $err.Exception.Message | Should -Match 'API key'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.TargetObject | Should -BeExactly $Account
    }

    It 'the same mix-up from -ApiKeySid' {
        { New-TwilioAccessToken alice -AccountSid $Account -ApiKeySid $Account -ApiKeySecret $Cred.Password } |
            Should -Throw -ErrorId 'AccountSidGivenAsApiKeySid,TwilioTokens.Commands.NewTwilioAccessTokenCommand'
    }

    It 'rejects an API key SID given as the account' {
        { New-TwilioAccessToken alice -AccountSid $KeySid -Credential $Cred } |
            Should -Throw -ExpectedMessage '*API key SID*' -ErrorId 'InvalidAccountSid,TwilioTokens.Commands.NewTwilioAccessTokenCommand'
    }

    It 'rejects a malformed key SID' {
        $bad = [pscredential]::new('SK123', $Cred.Password)
        { New-TwilioAccessToken alice -AccountSid $Account -Credential $bad } |
            Should -Throw -ErrorId 'InvalidApiKeySid,TwilioTokens.Commands.NewTwilioAccessTokenCommand'
    }

    It 'rejects a secret too short to be a Twilio secret' {
        $short = [pscredential]::new($KeySid, (ConvertTo-SecureString 'tooshort' -AsPlainText -Force))
        { New-TwilioAccessToken alice -AccountSid $Account -Credential $short } |
            Should -Throw -ErrorId 'ApiKeySecretTooShort,TwilioTokens.Commands.NewTwilioAccessTokenCommand'
    }

    It 'has no plain-string secret parameter on any cmdlet' {
        $stringSecrets = Get-Command -Module TwilioTokens | ForEach-Object { $_.Parameters.Values } |
            Where-Object { $_.Name -match 'Secret|Password|Token$' -and $_.ParameterType -eq [string] -and $_.Name -ne 'Token' }
        $stringSecrets | Should -BeNullOrEmpty
        (Get-Command New-TwilioAccessToken).Parameters['ApiKeySecret'].ParameterType | Should -Be ([securestring])
    }
}

Describe 'Pipeline composition' {
    It 'puts every grant piped into one call into each token' {
        $g1 = New-TwilioVoiceGrant -IncomingAllow
        $extra = [TwilioTokens.UnknownGrant]::new('custom', @{ x = 'y' })
        $tokens = @($g1, $extra) | New-TwilioAccessToken -Identity alice, bob -AccountSid $Account -Credential $Cred
        $tokens | Should -HaveCount 2
        foreach ($t in $tokens) {
            $grants = (Get-JwtPart $t.Jwt 1)['grants']
            @($grants.Keys | Sort-Object) | Should -Be @('custom', 'identity', 'voice')
            $t.Grants | Should -HaveCount 2
        }
        $tokens.Identity | Should -Be @('alice', 'bob')
    }

    It 'mints one token per Import-Csv row, in order, with the -Grant given' {
        $csv = Join-Path $TestDrive 'users.csv'
        "Identity,Team`nalice,red`nbob,blue`ncarol,red" | Set-Content $csv
        $tokens = Import-Csv $csv | New-TwilioAccessToken -Grant (New-TwilioVoiceGrant -IncomingAllow) -AccountSid $Account -Credential $Cred
        $tokens.Identity | Should -Be @('alice', 'bob', 'carol')
        foreach ($t in $tokens) { (Get-JwtPart $t.Jwt 1)['grants']['voice']['incoming']['allow'] | Should -BeTrue }
    }

    It 'gives each token of a run its own grants, times, region and id when the rows carry different grants' {
        # The tokens of a run share what stays the same from row to row; a row with other grants starts anew.
        $voice = New-TwilioVoiceGrant -IncomingAllow
        $video = New-TwilioVideoGrant -Room lobby
        $rows = @(
            [pscustomobject]@{ Identity = 'a'; Grants = @($voice) }
            [pscustomobject]@{ Identity = 'b'; Grants = @($video) }
            [pscustomobject]@{ Identity = 'c'; Grants = @($voice) }
            [pscustomobject]@{ Identity = 'd'; Grants = @($voice, $video) }
            [pscustomobject]@{ Identity = 'e'; Grants = @($video) }
        )
        $notBefore = [DateTime]::UtcNow.AddMinutes(-5)
        $tokens = $rows | New-TwilioAccessToken -AccountSid $Account -Credential $Cred -Ttl 600 -NotBefore $notBefore -Region ie1
        $tokens.Identity | Should -Be @('a', 'b', 'c', 'd', 'e')
        $kinds = @('voice', 'video', 'voice', 'video,voice', 'video')
        for ($i = 0; $i -lt 5; $i++) {
            $token = $tokens[$i]
            $payload = Get-JwtPart $token.Jwt 1
            (@($token.Grants.Kind | Sort-Object) -join ',') | Should -BeExactly $kinds[$i]
            (@($payload['grants'].Keys | Where-Object { $_ -ne 'identity' } | Sort-Object) -join ',') | Should -BeExactly $kinds[$i]
            $payload['grants']['identity'] | Should -BeExactly $token.Identity
            $payload['jti'] | Should -BeExactly $token.Id
            $payload['exp'] - $payload['iat'] | Should -Be 600
            $token.ExpiresAt - $token.IssuedAt | Should -Be ([TimeSpan]::FromSeconds(600))
            $token.ExpiresAt | Should -Be ([DateTimeOffset]::FromUnixTimeSeconds($payload['exp']))
            $token.NotBefore | Should -Be ([DateTimeOffset]::FromUnixTimeSeconds($payload['nbf']))
            $token.Region | Should -BeExactly 'ie1'
            $token.AccountSid | Should -BeExactly $Account
            $token.ApiKeySid | Should -BeExactly $KeySid
        }
        @($tokens.Id | Select-Object -Unique) | Should -HaveCount 5
    }

    It 'gives each identity its own signed token when a grant of a kind the module does not know holds a number' {
        $custom = [TwilioTokens.UnknownGrant]::new('custom', @{ ratio = 1.5 })
        $tokens = New-TwilioAccessToken -Identity alice, bob, carol -Grant $custom -AccountSid $Account -Credential $Cred
        $tokens.Identity | Should -Be @('alice', 'bob', 'carol')
        foreach ($token in $tokens) {
            $payload = Get-JwtPart $token.Jwt 1
            $payload['grants']['identity'] | Should -BeExactly $token.Identity
            $payload['grants']['custom']['ratio'] | Should -Be 1.5
            $payload['jti'] | Should -BeExactly $token.Id
            $parts = $token.Jwt.Split('.')
            $parts[2] | Should -BeExactly (Get-Hs256Signature -SigningInput "$($parts[0]).$($parts[1])" -Secret (Get-FakeSecretText))
        }
        @($tokens.Jwt | Select-Object -Unique) | Should -HaveCount 3
    }

    It 'refuses a grant holding a value with no JSON form once, naming the grant, and mints nothing' {
        $bad = [TwilioTokens.UnknownGrant]::new('custom', @{ when = [datetime]::UtcNow })
        $script:minted = @()
        $err = { $script:minted = New-TwilioAccessToken -Identity alice, bob, carol -Grant $bad -AccountSid $Account -Credential $Cred } |
            Should -Throw -ErrorId 'InvalidGrantValue,TwilioTokens.Commands.NewTwilioAccessTokenCommand' -PassThru
        $script:minted | Should -BeNullOrEmpty
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.TargetObject | Should -Be $bad
        $err.Exception.Message | Should -BeLike "*'custom' grant*System.DateTime*"
    }

    It 'mints the other rows when one row carries a grant with no JSON form' {
        $voice = New-TwilioVoiceGrant -IncomingAllow
        $bad = [TwilioTokens.UnknownGrant]::new('custom', @{ when = [datetime]::UtcNow })
        $rows = @(
            [pscustomobject]@{ Identity = 'a'; Grants = @($voice) }
            [pscustomobject]@{ Identity = 'b'; Grants = @($voice, $bad) }
            [pscustomobject]@{ Identity = 'c'; Grants = @($voice) }
        )
        $tokens = $rows | New-TwilioAccessToken -AccountSid $Account -Credential $Cred -ErrorAction SilentlyContinue -ErrorVariable errors
        $tokens.Identity | Should -Be @('a', 'c')
        $errors | Should -HaveCount 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidGrantValue,*'
        $errors[0].TargetObject | Should -Be $bad
    }

    It 'writes the values a grant was given through PowerShell''s wrappers (numbers from ForEach-Object, PSCustomObjects)' {
        $ids = 1..3 | ForEach-Object { $_ }
        $custom = [TwilioTokens.UnknownGrant]::new('custom', @{ ids = $ids; room = [pscustomobject]@{ name = 'lobby'; size = 4 } })
        $token = New-TwilioAccessToken -Identity alice -Grant $custom -AccountSid $Account -Credential $Cred
        $claim = (Get-JwtPart $token.Jwt 1)['grants']['custom']
        $claim['ids'] | Should -Be @(1, 2, 3)
        $claim['room']['name'] | Should -BeExactly 'lobby'
        $claim['room']['size'] | Should -Be 4
    }

    It 'mints one token per string piped in (Get-Content users.txt)' {
        $file = Join-Path $TestDrive 'users.txt'
        "alice`nbob`ncarol" | Set-Content $file
        $tokens = Get-Content $file | New-TwilioAccessToken -Grant (New-TwilioVoiceGrant) -AccountSid $Account -Credential $Cred
        $tokens.Identity | Should -Be @('alice', 'bob', 'carol')
        $tokens[2].Grants[0].Kind | Should -BeExactly 'voice'
    }

    It 'streams tokens for piped identities as they arrive' {
        # The first token reaches the next command before the second row is produced.
        $seen = [Collections.Generic.List[string]]::new()
        & {
            [pscustomobject]@{ Identity = 'first' }
            $seen.Add('row2-produced')
            [pscustomobject]@{ Identity = 'second' }
        } | New-TwilioAccessToken -AccountSid $Account -Credential $Cred | ForEach-Object { $seen.Add("token-$($_.Identity)") }
        $seen | Should -Be @('token-first', 'row2-produced', 'token-second')
    }

    It 'reports an invalid identity and mints the rest' {
        $tokens = New-TwilioAccessToken -Identity 'alice', '', '   ', 'bob' -AccountSid $Account -Credential $Cred -ErrorVariable errs -ErrorAction SilentlyContinue
        $tokens.Identity | Should -Be @('alice', 'bob')
        $errs | Should -HaveCount 2
        $errs[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidIdentity,TwilioTokens.Commands.NewTwilioAccessTokenCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errs[0].TargetObject | Should -BeExactly ''
    }

    It 'reports a piped row with a bad identity and mints the next rows' {
        $rows = @([pscustomobject]@{ Identity = 'a' }, [pscustomobject]@{ Identity = "bad`nname" }, [pscustomobject]@{ Identity = 'c' })
        $tokens = $rows | New-TwilioAccessToken -AccountSid $Account -Credential $Cred -ErrorVariable errs -ErrorAction SilentlyContinue
        $tokens.Identity | Should -Be @('a', 'c')
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InvalidIdentity,*'
    }

    It 'refuses two grants of one kind, naming the kind' {
        $err = { @((New-TwilioVoiceGrant -IncomingAllow), (New-TwilioVoiceGrant)) | New-TwilioAccessToken alice -AccountSid $Account -Credential $Cred } |
            Should -Throw -ErrorId 'DuplicateGrant,TwilioTokens.Commands.NewTwilioAccessTokenCommand' -PassThru
        $err.Exception.Message | Should -Match "'voice'"
        $err.TargetObject | Should -BeExactly 'voice'
    }

    It 'refuses two grants of one kind given with -Grant' {
        { New-TwilioAccessToken alice -Grant (New-TwilioVoiceGrant), (New-TwilioVoiceGrant) -AccountSid $Account -Credential $Cred } |
            Should -Throw -ErrorId 'DuplicateGrant,TwilioTokens.Commands.NewTwilioAccessTokenCommand'
    }

    It 'reports a piped row whose grants repeat a kind, and mints the next rows' {
        $rows = @(
            [pscustomobject]@{ Identity = 'a'; Grants = @((New-TwilioVoiceGrant), (New-TwilioVoiceGrant -IncomingAllow)) }
            [pscustomobject]@{ Identity = 'b'; Grants = @(New-TwilioVoiceGrant -IncomingAllow) }
        )
        $tokens = $rows | New-TwilioAccessToken -AccountSid $Account -Credential $Cred -ErrorVariable errs -ErrorAction SilentlyContinue
        $tokens.Identity | Should -Be @('b')
        (Get-JwtPart $tokens[0].Jwt 1)['grants']['voice']['incoming']['allow'] | Should -BeTrue
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -BeExactly 'DuplicateGrant,TwilioTokens.Commands.NewTwilioAccessTokenCommand'
    }

    It 're-mints a decoded token piped in: same identity and grants' {
        $orig = New-TwilioVoiceGrant -IncomingAllow -OutgoingApplicationSid $App -OutgoingApplicationParams @{ a = '1' } |
            New-TwilioAccessToken carol -AccountSid $Account -Credential $Cred
        $again = ConvertFrom-TwilioAccessToken $orig | New-TwilioAccessToken -AccountSid $Account -Credential $Cred
        $again.Identity | Should -BeExactly 'carol'
        ((Get-JwtPart $again.Jwt 1)['grants'] | ConvertTo-CanonicalJson) | Should -BeExactly ((Get-JwtPart $orig.Jwt 1)['grants'] | ConvertTo-CanonicalJson)
    }

    It 're-mints decoded grants piped in for a new identity' {
        $orig = New-TwilioVoiceGrant -PushCredentialSid $PushCred -EndpointId ep | New-TwilioAccessToken carol -AccountSid $Account -Credential $Cred
        $again = (ConvertFrom-TwilioAccessToken $orig).Grants | New-TwilioAccessToken dave -AccountSid $Account -Credential $Cred
        $grants = (Get-JwtPart $again.Jwt 1)['grants']
        $grants['identity'] | Should -BeExactly 'dave'
        $grants.Remove('identity')
        $origGrants = (Get-JwtPart $orig.Jwt 1)['grants']; $origGrants.Remove('identity')
        ($grants | ConvertTo-CanonicalJson) | Should -BeExactly ($origGrants | ConvertTo-CanonicalJson)
    }
}

Describe 'Long pipelines' {
    # A thousand rows: tokens, errors and warnings keep the input's order, and stopping a run part-way is clean.
    BeforeAll {
        $script:Voice = New-TwilioVoiceGrant -IncomingAllow
        # Every tenth identity is empty (an error), every tenth from the seventh breaks Voice's rules (a warning).
        $script:Rows = foreach ($i in 1..1000) {
            [pscustomobject]@{ Identity = switch ($i % 10) { 3 { '' } 7 { "user.$i" } default { "user$i" } } }
        }
    }

    It 'writes tokens, errors and warnings in the order of the input, as a short run does' {
        $out = $Rows | New-TwilioAccessToken -Grant $Voice -AccountSid $Account -Credential $Cred -ErrorAction Continue -WarningAction Continue *>&1
        $expected = foreach ($r in $Rows) {
            if ($r.Identity -eq '') { 'error:' }
            elseif ($r.Identity.Contains('.')) { "warning:$($r.Identity)"; "token:$($r.Identity)" }
            else { "token:$($r.Identity)" }
        }
        $actual = foreach ($o in $out) {
            if ($o -is [TwilioTokens.AccessToken]) { "token:$($o.Identity)" }
            elseif ($o -is [Management.Automation.ErrorRecord]) { "error:$($o.TargetObject)"; $o.FullyQualifiedErrorId | Should -BeLike 'InvalidIdentity,*' }
            elseif ($o -is [Management.Automation.WarningRecord]) { 'warning:' + ([regex]::Match($o.Message, "^Identity '([^']*)'").Groups[1].Value) }
            else { "other:$o" }
        }
        $actual | Should -HaveCount $expected.Count
        ($actual -join "`n") | Should -BeExactly ($expected -join "`n")
    }

    It 'mints tokens that verify, each for its own row, with unique ids' {
        $tokens = $Rows | Where-Object Identity | New-TwilioAccessToken -Grant $Voice -AccountSid $Account -Credential $Cred -WarningAction SilentlyContinue
        $tokens | Should -HaveCount 900
        $checked = $tokens | ConvertFrom-TwilioAccessToken -Credential $Cred
        @($checked | Where-Object SignatureStatus -ne 'Valid') | Should -HaveCount 0
        ($checked.Identity -join ',') | Should -BeExactly (($Rows | Where-Object Identity).Identity -join ',')
        @($tokens.Id | Select-Object -Unique) | Should -HaveCount 900
    }

    It 'stops, without an error, when the pipeline stops taking tokens' {
        $many = foreach ($i in 1..20000) { [pscustomobject]@{ Identity = "user$i" } }
        $first = $many | New-TwilioAccessToken -AccountSid $Account -Credential $Cred | Select-Object -First 100
        $first | Should -HaveCount 100
        ($first.Identity -join ',') | Should -BeExactly ((1..100 | ForEach-Object { "user$_" }) -join ',')
        # The run after it mints as usual.
        (New-TwilioAccessToken -Identity after -AccountSid $Account -Credential $Cred).Identity | Should -BeExactly 'after'
    }

    It 'stops at an invalid identity with -ErrorAction Stop, after writing every token before it (row <Bad>)' -ForEach @(
        @{ Bad = 10 }, @{ Bad = 700 }
    ) {
        $ids = foreach ($i in 1..1000) { if ($i -eq $Bad) { '' } else { "user$i" } }
        $written = [Collections.Generic.List[object]]::new()
        { $ids | New-TwilioAccessToken -AccountSid $Account -Credential $Cred -ErrorAction Stop | ForEach-Object { $written.Add($_) } } |
            Should -Throw -ErrorId 'InvalidIdentity,TwilioTokens.Commands.NewTwilioAccessTokenCommand'
        $written | Should -HaveCount ($Bad - 1)
        ($written.Identity -join ',') | Should -BeExactly ((1..($Bad - 1) | ForEach-Object { "user$_" }) -join ',')
    }

    It 'counts every token it wrote in its last verbose line' {
        $verbose = $Rows | New-TwilioAccessToken -Grant $Voice -AccountSid $Account -Credential $Cred -Verbose -ErrorAction SilentlyContinue -WarningAction SilentlyContinue 4>&1 |
            Where-Object { $_ -is [Management.Automation.VerboseRecord] }
        $verbose[-1].Message | Should -BeExactly 'Minted 900 token(s).'
    }
}
