# ConvertFrom-TwilioAccessToken: decoding, verification, structural problems and malformed input.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-BuiltModule
    $script:Cred = Get-FakeCredential
    $script:OtherCred = Get-FakeCredential -Other
    $script:Account = Get-FakeAccountSid
    $script:KeySid = Get-FakeApiKeySid
    $script:Now = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds()
    $script:GoodHeader = '{"alg":"HS256","typ":"JWT","cty":"twilio-fpa;v=1"}'
    function script:New-Payload([hashtable] $Override = @{}, [string[]] $Without = @()) {
        $p = [ordered]@{ jti = "$KeySid-x"; iss = $KeySid; sub = $Account; iat = $Now; exp = $Now + 3600; grants = @{ identity = 'alice' } }
        foreach ($k in $Override.Keys) { $p[$k] = $Override[$k] }
        foreach ($k in $Without) { $p.Remove($k) }
        $p | ConvertTo-Json -Compress -Depth 10
    }
}

Describe 'Decoding a healthy token' {
    BeforeAll {
        $script:Minted = New-TwilioVoiceGrant -IncomingAllow | New-TwilioAccessToken alice -AccountSid $Account -Credential $Cred -Region au1
        $script:Decoded = ConvertFrom-TwilioAccessToken $Minted.Jwt
    }

    It 'shows who, which account and key, which id and region' {
        $Decoded | Should -BeOfType ([TwilioTokens.DecodedAccessToken])
        $Decoded.Identity | Should -BeExactly 'alice'
        $Decoded.AccountSid | Should -BeExactly $Account
        $Decoded.ApiKeySid | Should -BeExactly $KeySid
        $Decoded.Id | Should -BeExactly $Minted.Id
        $Decoded.Region | Should -BeExactly 'au1'
    }

    It 'keeps the header and claims as decoded' {
        $Decoded.Header['cty'] | Should -BeExactly 'twilio-fpa;v=1'
        $Decoded.Claims['iss'] | Should -BeExactly $KeySid
        $Decoded.Claims['grants']['voice']['incoming']['allow'] | Should -BeTrue
    }

    It 'gives the same header and claims dictionaries on every read, so an edit stays' {
        $d = ConvertFrom-TwilioAccessToken $Minted.Jwt
        [object]::ReferenceEquals($d.Claims, $d.Claims) | Should -BeTrue
        [object]::ReferenceEquals($d.Header, $d.Header) | Should -BeTrue
        $d.Claims['grants']['identity'] = 'edited'
        $d.Claims['grants']['identity'] | Should -BeExactly 'edited'
        $d.Header['twr'] | Should -BeExactly 'au1'
    }

    It 'gives times in UTC with their offset, the time left, and not expired' {
        $Decoded.ExpiresAt | Should -Be $Minted.ExpiresAt
        $Decoded.ExpiresAt.Offset | Should -Be ([TimeSpan]::Zero)
        $Decoded.IssuedAt | Should -Be $Minted.IssuedAt
        $Decoded.ExpiresAt.LocalDateTime | Should -Be $Minted.ExpiresAt.LocalDateTime
        $Decoded.ExpiresIn.TotalSeconds | Should -BeGreaterThan 3590
        $Decoded.ExpiresIn.TotalSeconds | Should -BeLessOrEqual 3600
        $Decoded.IsExpired | Should -BeFalse
        $Decoded.NotBefore | Should -BeNullOrEmpty
    }

    It 'turns grants back into typed grants' {
        $Decoded.Grants | Should -HaveCount 1
        $Decoded.Grants[0] | Should -BeOfType ([TwilioTokens.VoiceGrant])
        $Decoded.Grants[0].IncomingAllow | Should -BeTrue
    }

    It 'leaves the signature unchecked without a secret, and reports no problem' {
        $Decoded.SignatureStatus | Should -Be 'NotChecked'
        $Decoded.Problems | Should -BeNullOrEmpty
    }

    It 'verifies with -Credential' {
        (ConvertFrom-TwilioAccessToken $Minted.Jwt -Credential $Cred).SignatureStatus | Should -Be 'Valid'
    }

    It 'verifies with -ApiKeySecret' {
        (ConvertFrom-TwilioAccessToken $Minted.Jwt -ApiKeySecret $Cred.Password).SignatureStatus | Should -Be 'Valid'
    }

    It 'takes token objects from the pipeline (property Jwt) and strings by value' {
        ($Minted | ConvertFrom-TwilioAccessToken).Id | Should -BeExactly $Minted.Id
        ($Minted.Jwt | ConvertFrom-TwilioAccessToken).Id | Should -BeExactly $Minted.Id
        ([pscustomobject]@{ Token = $Minted.Jwt } | ConvertFrom-TwilioAccessToken).Id | Should -BeExactly $Minted.Id
    }

    It 'removes white space around the token (as read from a file), with a warning that says so' {
        $d = ConvertFrom-TwilioAccessToken "  $($Minted.Jwt)`r`n" -WarningVariable warned -WarningAction SilentlyContinue
        $d.Id | Should -BeExactly $Minted.Id
        $warned | Should -HaveCount 1
        "$warned" | Should -BeLike '*Removed the white space around it*'
        $null = ConvertFrom-TwilioAccessToken $Minted.Jwt -WarningVariable none
        $none | Should -BeNullOrEmpty
    }

    It 'leaves Test-TwilioAccessToken to judge the text as given: white space around it is not a token' {
        Test-TwilioAccessToken $Minted.Jwt -Credential $Cred | Should -BeTrue
        Test-TwilioAccessToken " $($Minted.Jwt)" -Credential $Cred | Should -BeFalse
        Test-TwilioAccessToken "$($Minted.Jwt)`n" -Credential $Cred | Should -BeFalse
        (Test-TwilioAccessToken "$($Minted.Jwt)`n" -Detailed).Problems[0].Message | Should -BeLike "*signature is not base64url: it contains 'U+000A'*"
    }
}

Describe 'What a decoded token keeps' {
    BeforeAll {
        $script:Voice = New-TwilioVoiceGrant -IncomingAllow -OutgoingApplicationSid AP00000000000000000000000000000001
        $script:Minted = New-TwilioAccessToken -Identity 'ann', 'bob', 'cy' -Grant $Voice, (New-TwilioVideoGrant -Room r1) -AccountSid $Account -Credential $Cred
    }

    It 'reads each token''s identity, times, id and grants as minted' {
        $decoded = $Minted.Jwt | ConvertFrom-TwilioAccessToken -Credential $Cred
        for ($i = 0; $i -lt 3; $i++) {
            $decoded[$i].SignatureStatus | Should -Be 'Valid'
            $decoded[$i].ExpiresAt | Should -Be $Minted[$i].ExpiresAt
            $decoded[$i].Identity | Should -BeExactly $Minted[$i].Identity
            $decoded[$i].Id | Should -BeExactly $Minted[$i].Id
            ($decoded[$i].Grants | ForEach-Object Kind) -join ',' | Should -BeExactly 'voice,video'
            $decoded[$i].Grants[0].OutgoingApplicationSid | Should -BeExactly $Voice.OutgoingApplicationSid
            $decoded[$i].Grants[1].Room | Should -BeExactly 'r1'
        }
    }

    It 'gives the same grant objects on every read, so a change to one stays' {
        $d = ConvertFrom-TwilioAccessToken $Minted[0].Jwt
        [object]::ReferenceEquals($d.Grants, $d.Grants) | Should -BeTrue
        $d.Grants[1].Room = 'changed'
        $d.Grants[1].Room | Should -BeExactly 'changed'
        (ConvertFrom-TwilioAccessToken $Minted[0].Jwt).Grants[1].Room | Should -BeExactly 'r1'
    }

    It 'keeps a masked identity masked on every read, in Claims too' {
        $d = ConvertFrom-TwilioAccessToken $Minted[1].Jwt -MaskIdentity
        $d.IsIdentityMasked | Should -BeTrue
        $d.Identity | Should -BeLike 'masked:*'
        $d.Identity | Should -BeExactly (ConvertFrom-TwilioAccessToken $Minted[1].Jwt -MaskIdentity).Identity
        $d.Claims['grants']['identity'] | Should -BeExactly $d.Identity
        $d.Grants | Should -HaveCount 2
        $d.Id | Should -BeExactly $Minted[1].Id
    }

    It 'gives each runspace reading a token at once its id and the one grants array' {
        $tokens = New-TwilioAccessToken -Identity (1..200 | ForEach-Object { "user$_" }) -Grant $Voice -AccountSid $Account -Credential $Cred
        $decoded = @($tokens.Jwt | ConvertFrom-TwilioAccessToken)
        # Each token twice, from four runspaces, read before any thread has published its content.
        $reads = @($decoded + $decoded | ForEach-Object -ThrottleLimit 4 -Parallel {
                [pscustomobject]@{ Token = $_; Id = $_.Id; Grants = $_.Grants }
            })
        $reads | Should -HaveCount 400
        foreach ($read in $reads) {
            $read.Id | Should -BeExactly $read.Token.Claims['jti']
            [object]::ReferenceEquals($read.Grants, $read.Token.Grants) | Should -BeTrue
        }
        ($decoded | ForEach-Object Id) -join ',' | Should -BeExactly ($tokens.Id -join ',')
    }
}

Describe 'Signature checks' {
    It 'reports Invalid and 20107 for the wrong secret' {
        $t = New-TwilioAccessToken alice -AccountSid $Account -Credential $Cred
        $d = ConvertFrom-TwilioAccessToken $t -ApiKeySecret $OtherCred.Password
        $d.SignatureStatus | Should -Be 'Invalid'
        $d.Problems.Code | Should -Contain 20107
    }

    It 'reports 20103 when the credential is for another key than the issuer' {
        $t = New-TwilioAccessToken alice -AccountSid $Account -Credential $Cred
        $d = ConvertFrom-TwilioAccessToken $t -Credential $OtherCred
        $d.Problems.Code | Should -Contain 20103
        $d.SignatureStatus | Should -Be 'Invalid'
    }

    It 'reports Invalid when a payload was altered after signing' {
        $t = (New-TwilioAccessToken alice -AccountSid $Account -Credential $Cred).Jwt
        $parts = $t.Split('.')
        $payload = Get-JwtPart $t 1
        $payload['grants']['identity'] = 'mallory'
        $parts[1] = ConvertTo-Base64Url ([Text.Encoding]::UTF8.GetBytes(($payload | ConvertTo-Json -Compress -Depth 5)))
        (ConvertFrom-TwilioAccessToken ($parts -join '.') -Credential $Cred).SignatureStatus | Should -Be 'Invalid'
    }

    It 'calls an expired but correctly signed token Valid, expired, with 20104' {
        $jwt = New-SignedTestToken -HeaderJson $GoodHeader -PayloadJson (New-Payload @{ iat = $Now - 7200; exp = $Now - 3600 })
        $d = ConvertFrom-TwilioAccessToken $jwt -Credential $Cred
        $d.SignatureStatus | Should -Be 'Valid'
        $d.IsExpired | Should -BeTrue
        $d.ExpiresIn.TotalSeconds | Should -BeLessThan 0
        $d.Problems.Code | Should -Be @(20104)
    }

    It 'never calls a token Valid whose header has crit, even when the MAC is right (RFC 7515 4.1.11)' {
        $jwt = New-SignedTestToken -HeaderJson '{"alg":"HS256","typ":"JWT","cty":"twilio-fpa;v=1","crit":["exp"]}' -PayloadJson (New-Payload)
        $d = ConvertFrom-TwilioAccessToken $jwt -Credential $Cred
        $d.SignatureStatus | Should -Be 'Invalid'
        $d.Problems.Code | Should -Be @(20102)
        $d.Problems[0].Message | Should -BeLike "*'crit'*"
        Test-TwilioAccessToken $jwt -Credential $Cred | Should -BeFalse
        (ConvertFrom-TwilioAccessToken $jwt).Problems.Code | Should -Be @(20102)
    }

    It 'never calls a signature Valid whose last character sets bits that carry no data' {
        $jwt = (New-TwilioAccessToken alice -AccountSid $Account -Credential $Cred).Jwt
        # 43 characters hold 32 bytes and 2 unused bits: the next character of the alphabet decodes to the same MAC.
        $alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
        $altered = $jwt.Substring(0, $jwt.Length - 1) + $alphabet[$alphabet.IndexOf($jwt[-1]) + 1]
        ConvertFrom-TwilioAccessToken $altered -Credential $Cred -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'TokenInvalidBase64Url,*'
        "$($errs[0])" | Should -BeLike '*signature*not canonical*'
        Test-TwilioAccessToken $altered -Credential $Cred | Should -BeFalse
        Test-TwilioAccessToken $jwt -Credential $Cred | Should -BeTrue
    }

    It 'never calls alg none Valid, even with an empty signature' {
        $enc = [Text.Encoding]::UTF8
        $jwt = (ConvertTo-Base64Url $enc.GetBytes('{"alg":"none","typ":"JWT","cty":"twilio-fpa;v=1"}')) + '.' + (ConvertTo-Base64Url $enc.GetBytes((New-Payload))) + '.'
        $d = ConvertFrom-TwilioAccessToken $jwt -Credential $Cred
        $d.SignatureStatus | Should -Be 'Invalid'
        $d.Problems.Code | Should -Contain 20102
    }

    It 'never calls another algorithm Valid, even when the MAC is HS256 of the secret' {
        $jwt = New-SignedTestToken -HeaderJson '{"alg":"HS512","typ":"JWT","cty":"twilio-fpa;v=1"}' -PayloadJson (New-Payload)
        (ConvertFrom-TwilioAccessToken $jwt -Credential $Cred).SignatureStatus | Should -Be 'Invalid'
    }
}

Describe 'Structural problems, each with its Twilio error code' {
    It '<Name> reports <Code>' -ForEach @(
        @{ Name = 'missing cty'; Code = 20102; Header = '{"alg":"HS256","typ":"JWT"}'; Payload = @{} }
        @{ Name = 'typ not JWT'; Code = 20102; Header = '{"alg":"HS256","typ":"JOSE","cty":"twilio-fpa;v=1"}'; Payload = @{} }
        @{ Name = 'iss an account SID'; Code = 20103; Payload = @{ iss = 'AC00000000000000000000000000000001' } }
        @{ Name = 'sub an API key SID'; Code = 20103; Payload = @{ sub = 'SK00000000000000000000000000000001' } }
        @{ Name = 'no exp'; Code = 20104; Without = @('exp') }
        @{ Name = 'nbf in the future'; Code = 20105; Payload = @{ nbf = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds() + 600 } }
        @{ Name = 'lifetime over 24 hours'; Code = 20157; Payload = @{ exp = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds() + 90000 } }
        @{ Name = 'grants not an object'; Code = 20106; Payload = @{ grants = 'voice' } }
        @{ Name = 'unknown grant key'; Code = 20106; Payload = @{ grants = @{ identity = 'a'; teleport = @{} } } }
        @{ Name = 'grant field of the wrong type'; Code = 20106; Payload = @{ grants = @{ identity = 'a'; voice = @{ incoming = @{ allow = 'yes' } } } } }
    ) {
        $header = if ($_.ContainsKey('Header')) { $Header } else { $GoodHeader }
        $payloadJson = New-Payload -Override $(if ($_.ContainsKey('Payload')) { $Payload } else { @{} }) -Without $(if ($_.ContainsKey('Without')) { $Without } else { @() })
        $d = ConvertFrom-TwilioAccessToken (New-SignedTestToken -HeaderJson $header -PayloadJson $payloadJson) -Credential $Cred
        $d.Problems.Code | Should -Be @($Code)
        $d.Problems[0].Message | Should -Not -BeNullOrEmpty
        $d.Problems[0].Hint | Should -Not -BeNullOrEmpty
    }

    It 'says how far in the future nbf is' {
        $jwt = New-SignedTestToken -HeaderJson $GoodHeader -PayloadJson (New-Payload @{ nbf = $Now + 3000 })
        (ConvertFrom-TwilioAccessToken $jwt).Problems[0].Message | Should -Match '\d+m'
    }
}

Describe 'Malformed input' {
    It '<Name> gives <ErrorId> (<Category>) and the next token is still decoded' -ForEach @(
        @{ Name = 'one part'; Token = 'abc'; ErrorId = 'TokenNotThreeParts'; Category = 'InvalidData' }
        @{ Name = 'four parts'; Token = 'a.b.c.d'; ErrorId = 'TokenNotThreeParts'; Category = 'InvalidData' }
        @{ Name = 'bad base64url'; Token = 'e30.e+30.sig'; ErrorId = 'TokenInvalidBase64Url'; Category = 'InvalidData' }
        @{ Name = 'impossible base64 length'; Token = 'e30.e.sig'; ErrorId = 'TokenInvalidBase64Url'; Category = 'InvalidData' }
        @{ Name = 'not JSON'; Token = 'bm90anNvbg.e30.sig'; ErrorId = 'TokenInvalidJson'; Category = 'InvalidData' }
        @{ Name = 'JSON array, not object'; Token = 'WzFd.e30.sig'; ErrorId = 'TokenNotJsonObject'; Category = 'InvalidData' }
        @{ Name = 'exp a string'; Token = 'e30.eyJleHAiOiJ0b21vcnJvdyJ9.sig'; ErrorId = 'TokenClaimInvalid'; Category = 'InvalidData' }
        @{ Name = 'iss a number'; Token = 'e30.eyJpc3MiOjF9.sig'; ErrorId = 'TokenClaimInvalid'; Category = 'InvalidData' }
        @{ Name = 'jti a number'; Token = 'e30.eyJqdGkiOjF9.sig'; ErrorId = 'TokenClaimInvalid'; Category = 'InvalidData' }
        @{ Name = 'huge string'; Token = ('a' * 70000) + '.b.c'; ErrorId = 'TokenTooLarge'; Category = 'LimitsExceeded' }
    ) {
        $good = (New-TwilioAccessToken alice -AccountSid $Account -Credential $Cred).Jwt
        $out = @($Token, $good) | ConvertFrom-TwilioAccessToken -ErrorVariable errs -ErrorAction SilentlyContinue
        $out | Should -HaveCount 1
        $out[0].Identity | Should -BeExactly 'alice'
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -BeExactly "$ErrorId,TwilioTokens.Commands.ConvertFromTwilioAccessTokenCommand"
        $errs[0].CategoryInfo.Category | Should -Be $Category
        $errs[0].TargetObject | Should -BeExactly $Token
    }

    It 'reports empty text as no token, one error a line, and decodes the rest' {
        $jwt = (New-TwilioAccessToken alice -AccountSid (Get-FakeAccountSid) -Credential (Get-FakeCredential)).Jwt
        $d = '', $jwt, $null | ConvertFrom-TwilioAccessToken -ErrorVariable errs -ErrorAction SilentlyContinue
        $d.Identity | Should -BeExactly 'alice'
        $errs | Should -HaveCount 2
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'TokenNotThreeParts,*'
    }
}

Describe 'Long pipelines' {
    # A thousand texts: decoded tokens and errors keep the input's order, and stopping a run part-way is clean.
    BeforeAll {
        $good = @(New-TwilioAccessToken -Identity (1..1000 | ForEach-Object { "user$_" }) -AccountSid $Account -Credential $Cred)
        $otherKey = @(New-TwilioAccessToken -Identity (1..1000 | ForEach-Object { "other$_" }) -AccountSid $Account -Credential $OtherCred)
        # Every tenth text is not a token (an error); every tenth from the fifth is signed with another key.
        $script:Texts = foreach ($i in 0..999) {
            switch ($i % 10) { 3 { "not-a-token-$i" } 5 { $otherKey[$i].Jwt } default { $good[$i].Jwt } }
        }
    }

    It 'writes decoded tokens and errors in the order of the input, each error naming its own text' {
        $out = $Texts | ConvertFrom-TwilioAccessToken -Credential $Cred -ErrorAction Continue 2>&1
        $out | Should -HaveCount 1000
        for ($i = 0; $i -lt 1000; $i++) {
            switch ($i % 10) {
                3 {
                    $out[$i] | Should -BeOfType ([Management.Automation.ErrorRecord])
                    $out[$i].TargetObject | Should -BeExactly "not-a-token-$i"
                }
                5 {
                    $out[$i].Identity | Should -BeExactly "other$($i + 1)"
                    $out[$i].SignatureStatus | Should -Be 'Invalid'
                }
                default {
                    $out[$i].Identity | Should -BeExactly "user$($i + 1)"
                    $out[$i].SignatureStatus | Should -Be 'Valid'
                }
            }
        }
    }

    It 'masks every identity with -MaskIdentity' {
        $decoded = $Texts | ConvertFrom-TwilioAccessToken -MaskIdentity -ErrorAction SilentlyContinue
        $decoded | Should -HaveCount 900
        @($decoded | Where-Object { -not $_.IsIdentityMasked -or $_.Identity -notlike 'masked:*' }) | Should -HaveCount 0
    }

    It 'counts what it decoded in its last verbose line' {
        $verbose = $Texts | ConvertFrom-TwilioAccessToken -Credential $Cred -Verbose -ErrorAction SilentlyContinue 4>&1 |
            Where-Object { $_ -is [Management.Automation.VerboseRecord] }
        $verbose[-1].Message | Should -BeExactly 'Decoded 900 token(s); 100 with problems Twilio would reject.'
    }

    It 'answers Test-TwilioAccessToken in the order of the input' {
        $answers = $Texts | Test-TwilioAccessToken -Credential $Cred
        ($answers -join '') | Should -BeExactly ((0..999 | ForEach-Object { ($_ % 10) -notin 3, 5 }) -join '')
    }

    It 'stops, without an error, when the pipeline stops taking tokens' {
        $first = $Texts | ConvertFrom-TwilioAccessToken -ErrorAction SilentlyContinue | Select-Object -First 300
        $first | Should -HaveCount 300
        $first[-1].Identity | Should -Not -BeNullOrEmpty
        (ConvertFrom-TwilioAccessToken $Texts[0]).Identity | Should -BeExactly 'user1'
    }
}

Describe 'Tokens read together' {
    # Nothing one token leaves behind may change how the next is read: each must come out exactly as it does read
    # alone, in a run of its own.
    BeforeAll {
        $voice = New-TwilioVoiceGrant -IncomingAllow -OutgoingApplicationSid AP00000000000000000000000000000001
        $video = New-TwilioVideoGrant -Room standup
        $minted = @(
            New-TwilioAccessToken -Identity (1..20 | ForEach-Object { "user$_" }) -Grant $voice -AccountSid $Account -Credential $Cred
            New-TwilioAccessToken -Identity 'has-dash', 'has space', 'ok_1' -Grant $voice, $video -AccountSid $Account -Credential $Cred -WarningAction SilentlyContinue
            New-TwilioAccessToken -Identity (1..5 | ForEach-Object { "eu$_" }) -Grant $video -AccountSid $Account -Credential $Cred -Region ie1
            New-TwilioAccessToken -Identity 'other1', 'other2' -Grant $voice -AccountSid $Account -Credential $OtherCred
            New-TwilioAccessToken -Identity 'later1', 'later2' -Grant $voice -AccountSid $Account -Credential $Cred -NotBefore (Get-Date).AddHours(1)
        ).Jwt
        $header = $GoodHeader
        $crafted = @(
            New-SignedTestToken $header (New-Payload @{ exp = $Now - 10; grants = @{ identity = 'old1'; voice = @{ incoming = @{ allow = $true } } } })
            New-SignedTestToken $header (New-Payload @{ exp = $Now - 10; grants = @{ identity = 'old2'; voice = @{ incoming = @{ allow = $true } } } })
            New-SignedTestToken $header (New-Payload @{ grants = [ordered]@{ identity = 'x1'; surprise = @{ a = 1 } } })
            New-SignedTestToken $header (New-Payload @{ grants = [ordered]@{ identity = 'x2'; surprise = @{ a = 1 } } })
            New-SignedTestToken $header (New-Payload @{ exp = $Now + 90000; grants = [ordered]@{ identity = 'long1'; voice = 'yes' } })
            New-SignedTestToken $header (New-Payload @{ exp = $Now + 90000; grants = [ordered]@{ identity = 'long2'; voice = 'yes' } })
        )
        $script:RunTexts = $minted[0..9] + $crafted + $minted[10..($minted.Count - 1)] + 'not-a-token' + $minted[0..3]

        function script:Get-Everything($d) {
            # Every property a script reads, the lazily read ones (Id, Grants, Header, Claims) included. The problems say
            # how long ago a token expired or how soon it starts counted from the moment it was read ("expired 15s ago"),
            # which may be a second later for the token read alone: those spans are compared without their numbers.
            [ordered]@{
                Identity = $d.Identity; AccountSid = $d.AccountSid; ApiKeySid = $d.ApiKeySid; Id = $d.Id; Region = $d.Region
                IssuedAt = $d.IssuedAt; NotBefore = $d.NotBefore; ExpiresAt = $d.ExpiresAt; IsExpired = $d.IsExpired
                SignatureStatus = "$($d.SignatureStatus)"
                Problems = @($d.Problems | ForEach-Object { "$($_.Code) $($_.Message) $($_.Hint)" -replace '\b\d+(?=[dhms]\b)', 'N' })
                Grants = @($d.Grants | ForEach-Object { $_.GetType().Name + ' ' + ($_ | ConvertTo-Json -Compress -Depth 5) })
                Header = $d.Header; Claims = $d.Claims
            } | ConvertTo-Json -Compress -Depth 10
        }
    }

    It 'decodes a run <Way> as each token alone' -ForEach @(
        @{ Way = 'unverified'; Verify = $false; Codes = @(20104, 20105, 20106, 20157) }
        @{ Way = 'verified'; Verify = $true; Codes = @(20103, 20104, 20105, 20106, 20107, 20157) }
    ) {
        $with = if ($Verify) { @{ Credential = $Cred } } else { @{} }
        $together = @($RunTexts | ConvertFrom-TwilioAccessToken @with -ErrorAction SilentlyContinue)
        $alone = @(foreach ($text in $RunTexts) { ConvertFrom-TwilioAccessToken $text @with -ErrorAction SilentlyContinue })
        $together | Should -HaveCount ($RunTexts.Count - 1)
        $alone | Should -HaveCount $together.Count
        for ($i = 0; $i -lt $together.Count; $i++) {
            Get-Everything $together[$i] | Should -BeExactly (Get-Everything $alone[$i]) -Because "token $i"
        }
        # The run is not all alike: problems of every kind are in it.
        @($together.Problems.Code | Sort-Object -Unique) | Should -Be $Codes -Because 'the run mixes healthy and faulty tokens'
    }

    It 'answers Test-TwilioAccessToken for a run as for each token alone' {
        $together = @($RunTexts | Test-TwilioAccessToken -Credential $Cred -Detailed)
        $alone = @(foreach ($text in $RunTexts) { Test-TwilioAccessToken $text -Credential $Cred -Detailed })
        ($together | ConvertTo-Json -Depth 5 -Compress) | Should -BeExactly ($alone | ConvertTo-Json -Depth 5 -Compress)
        @($together | Where-Object IsValid) | Should -Not -BeNullOrEmpty
        @($together | Where-Object { -not $_.IsValid }) | Should -Not -BeNullOrEmpty
    }
}
