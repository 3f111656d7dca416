# Troubleshooting: a corpus of tokens with one known defect each (signed here from crafted JSON) reports exactly its
# Twilio error code; healthy tokens report none. Test-TwilioAccessToken, masking, format views, completion, verbose.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-BuiltModule
    $script:Cred = Get-FakeCredential
    $script:OtherCred = Get-FakeCredential -Other
    $script:Account = Get-FakeAccountSid
    $script:KeySid = Get-FakeApiKeySid
    $script:Mint = @{ AccountSid = $Account; Credential = $Cred }
    $script:GoodHeader = '{"alg":"HS256","typ":"JWT","cty":"twilio-fpa;v=1"}'
    function script:New-CorpusToken([hashtable] $Override = @{}, [string] $Header = $GoodHeader, [string] $Secret = (Get-FakeSecretText)) {
        $now = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds()
        $p = [ordered]@{ jti = "$KeySid-corpus"; iss = $KeySid; sub = $Account; iat = $now; exp = $now + 600; grants = @{ identity = 'alice'; voice = @{ incoming = @{ allow = $true } } } }
        foreach ($k in $Override.Keys) { $p[$k] = $Override[$k] }
        New-SignedTestToken -HeaderJson $Header -PayloadJson ($p | ConvertTo-Json -Compress -Depth 10) -Secret $Secret
    }
}

Describe 'The defect corpus: each token reports exactly its code' {
    BeforeDiscovery {
        $now = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds()
        $script:Corpus = @(
            @{ Code = 20101; Why = 'not a JWT at all'; Token = 'this-is-not-a-token' }
            @{ Code = 20101; Why = 'bad base64url'; Token = 'e30.e$30.abc' }
            @{ Code = 20160; Why = 'JWT-shaped, payload not JSON'; Token = 'eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.abc' }
            @{ Code = 20160; Why = 'exp not a number'; Build = @{ Override = @{ exp = 'soon' } } }
            @{ Code = 20102; Why = 'cty missing'; Build = @{ Header = '{"alg":"HS256","typ":"JWT"}' } }
            @{ Code = 20102; Why = 'alg HS512'; Build = @{ Header = '{"alg":"HS512","typ":"JWT","cty":"twilio-fpa;v=1"}' }; NoSecret = $true }
            @{ Code = 20103; Why = 'iss an account SID'; Build = @{ Override = @{ iss = 'AC' + '0' * 31 + '1' } } }
            @{ Code = 20103; Why = 'sub not an account SID'; Build = @{ Override = @{ sub = 'US' + '0' * 32 } } }
            @{ Code = 20103; Why = 'iss another key than the credential''s'; Build = @{ Override = @{ iss = 'SK' + '0' * 31 + '9' } } }
            @{ Code = 20104; Why = 'expired'; Build = @{ Override = @{ iat = $now - 7200; exp = $now - 3600 } } }
            @{ Code = 20104; Why = 'no exp'; Build = @{ Override = @{ exp = $null } } }
            @{ Code = 20105; Why = 'nbf in the future'; Build = @{ Override = @{ nbf = $now + 900 } } }
            @{ Code = 20106; Why = 'grants not an object'; Build = @{ Override = @{ grants = @('voice') } } }
            @{ Code = 20106; Why = 'a grant field of the wrong type'; Build = @{ Override = @{ grants = @{ identity = 'alice'; video = @{ room = 5 } } } } }
            @{ Code = 20106; Why = 'a Voice identity with a space'; Build = @{ Override = @{ grants = @{ identity = 'alice smith'; voice = @{} } } } }
            @{ Code = 20107; Why = 'signed with another secret'; Build = @{ Secret = 'another-fake-secret-9876543210abc' } }
            @{ Code = 20157; Why = 'lifetime over 24 hours'; Build = @{ Override = @{ iat = $now; exp = $now + 86401 } } }
        )
    }

    It '<Why>: <Code>' -ForEach $Corpus {
        $jwt = if ($_.ContainsKey('Token')) { $Token } else {
            $b = $Build.Clone()
            if ($b.ContainsKey('Override') -and $b.Override.ContainsKey('exp') -and $null -eq $b.Override.exp) {
                # 'no exp': drop the claim rather than write null
                $now = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds()
                New-SignedTestToken -HeaderJson $GoodHeader -PayloadJson ('{"iss":"' + $KeySid + '","sub":"' + $Account + '","iat":' + $now + ',"grants":{"identity":"a"}}')
            }
            else { New-CorpusToken @b }
        }
        $result = if ($_.NoSecret) { Test-TwilioAccessToken $jwt -Detailed } else { Test-TwilioAccessToken $jwt -Credential $Cred -Detailed }
        $result.Problems.Code | Should -Be @($Code)
        $result.IsValid | Should -BeFalse
        $result.Problems[0].Hint | Should -Not -BeNullOrEmpty
        Test-TwilioAccessToken $jwt -Credential $Cred | Should -BeFalse
    }

    It 'says by how much nbf is in the future' {
        $jwt = New-CorpusToken @{ nbf = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds() + 3725 }
        (Test-TwilioAccessToken $jwt -Detailed).Problems[0].Message | Should -Match '1h 2m'
    }
}

Describe 'Healthy tokens report nothing' {
    It 'a token of this module, with every grant' {
        $t = @((New-TwilioVoiceGrant -IncomingAllow), (New-TwilioVideoGrant), (New-TwilioChatGrant ('IS' + '1' * 32)),
            (New-TwilioSyncGrant ('IS' + '2' * 32)), (New-TwilioTaskRouterGrant), (New-TwilioPlaybackGrant @{ u = 'x' })) |
            New-TwilioAccessToken alice_1 @Mint -Region de1 -Ttl 86400
        (ConvertFrom-TwilioAccessToken $t -Credential $Cred).Problems | Should -BeNullOrEmpty
        Test-TwilioAccessToken $t -Credential $Cred | Should -BeTrue
    }

    It 'a token of twilio-csharp, with every current grant' {
        $jwt = (Invoke-Oracle @(@{ accountSid = $Account; apiKeySid = $KeySid; secret = (Get-FakeSecretText); identity = 'bob'; ttl = 3600; region = 'us1'
                    grants = @(@{ kind = 'voice'; incomingAllow = $true }, @{ kind = 'video'; room = 'r' }, @{ kind = 'chat'; serviceSid = 'IS' + '1' * 32 }, @{ kind = 'sync'; serviceSid = 'IS' + '2' * 32 }, @{ kind = 'task_router' }) }))[0]
        $d = ConvertFrom-TwilioAccessToken $jwt -Credential $Cred
        $d.Problems | Should -BeNullOrEmpty
        $d.SignatureStatus | Should -Be 'Valid'
        Test-TwilioAccessToken $jwt -Credential $Cred | Should -BeTrue
    }
}

Describe 'Test-TwilioAccessToken in scripts' {
    It 'works in if and in Where-Object, one result per token' {
        $good = (New-TwilioAccessToken a @Mint).Jwt
        $bad = New-CorpusToken -Secret 'another-fake-secret-9876543210abc'
        if (Test-TwilioAccessToken $good -Credential $Cred) { $branch = 'valid' } else { $branch = 'invalid' }
        $branch | Should -Be 'valid'
        @($good, $bad, 'junk', $good) | Where-Object { Test-TwilioAccessToken $_ -Credential $Cred } | Should -Be @($good, $good)
        @($good, $bad, 'junk') | Test-TwilioAccessToken -Credential $Cred | Should -Be @($true, $false, $false)
    }

    It 'writes no error for malformed input: it answers $false' {
        Test-TwilioAccessToken 'junk' -ErrorVariable errs | Should -BeFalse
        $errs | Should -BeNullOrEmpty
    }

    It 'takes minted token objects from the pipeline' {
        New-TwilioAccessToken a, b @Mint | Test-TwilioAccessToken -ApiKeySecret $Cred.Password | Should -Be @($true, $true)
    }

    It 'without a secret, leaves the signature unchecked and says so in -Detailed' {
        $r = Test-TwilioAccessToken (New-CorpusToken -Secret 'another-fake-secret-9876543210abc') -Detailed
        $r.IsValid | Should -BeTrue
        $r.SignatureStatus | Should -Be 'NotChecked'
    }
}

Describe 'Sharing a decoded token safely' {
    It 'never shows the signature, and with -MaskIdentity not the identity either' {
        $t = New-TwilioVoiceGrant | New-TwilioAccessToken 'carol_secretive' @Mint
        $signature = $t.Jwt.Split('.')[2]
        $d = ConvertFrom-TwilioAccessToken $t -Credential $Cred -MaskIdentity -Verbose 4>&1
        $decoded = $d | Where-Object { $_ -is [TwilioTokens.DecodedAccessToken] }
        $text = @(($d | Out-String -Width 200), ($decoded | Format-List * | Out-String -Width 200), ($decoded | ConvertTo-Json -Depth 10)) -join "`n"
        $text | Should -Not -Match ([regex]::Escape($signature))
        $text | Should -Not -Match 'carol_secretive'
        $decoded.Identity | Should -Match '^masked:[0-9a-f]{16}$'
        $decoded.Claims['grants']['identity'] | Should -BeExactly $decoded.Identity
        $decoded.IsIdentityMasked | Should -BeTrue
    }

    It 'masks one identity the same way each time, and different identities differently' {
        $a1 = (New-TwilioAccessToken alice @Mint | ConvertFrom-TwilioAccessToken -MaskIdentity).Identity
        $a2 = (New-TwilioAccessToken alice @Mint | ConvertFrom-TwilioAccessToken -MaskIdentity).Identity
        $b = (New-TwilioAccessToken bob @Mint | ConvertFrom-TwilioAccessToken -MaskIdentity).Identity
        $a1 | Should -BeExactly $a2
        $b | Should -Not -Be $a1
    }
}

Describe 'Format views' {
    BeforeAll {
        $script:Tokens = @((New-TwilioVoiceGrant -IncomingAllow -OutgoingApplicationSid ('AP' + '1' * 32) -OutgoingApplicationParams @{ a = 'b' }), (New-TwilioVideoGrant -Room r)) |
            New-TwilioAccessToken 'a_rather_long_identity_name_for_the_table', 'bob' @Mint -Region ie1
        $script:Decoded = $Tokens | ConvertFrom-TwilioAccessToken -Credential $Cred
        function script:Assert-FitsWidth([string] $Text) {
            foreach ($line in $Text -split "`r?`n") { $line.Length | Should -BeLessOrEqual 120 -Because "'$line' is too wide" }
        }
    }

    It 'has table and list views for <Type>' -ForEach @(
        @{ Type = 'AccessToken' }, @{ Type = 'DecodedAccessToken' }
    ) {
        $views = (Get-FormatData -TypeName "TwilioTokens.$Type").FormatViewDefinition
        $controls = $views | ForEach-Object { $_.Control.GetType().Name }
        $controls | Should -Contain 'TableControl'
        $controls | Should -Contain 'ListControl'
    }

    It 'has a view for <_>' -ForEach @('VoiceGrant', 'VideoGrant', 'ChatGrant', 'IpMessagingGrant', 'SyncGrant', 'TaskRouterGrant', 'PlaybackGrant', 'RtcGrant', 'UnknownGrant', 'TokenProblem', 'TokenTestResult') {
        Get-FormatData -TypeName "TwilioTokens.$_" | Should -Not -BeNullOrEmpty
    }

    It 'shows minted tokens as a table within 120 columns, without the JWT' {
        $text = $Tokens | Out-String -Width 120
        Assert-FitsWidth $text
        $text | Should -Match 'Identity\s+ExpiresAt\s+Region\s+Grants\s+ApiKeySid'
        $text | Should -Match 'voice, video'
        $text | Should -Not -Match ([regex]::Escape($Tokens[0].Jwt.Substring(0, 40)))
        $text | Should -Match '\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d'
    }

    It 'leaves the JWT, which it would wrap, out of the list view of a minted token too' {
        $text = $Tokens[1] | Format-List | Out-String -Width 120
        ($text -replace '\s', '') | Should -Not -Match ([regex]::Escape($Tokens[1].Jwt.Substring(0, 40)))
        $text | Should -Match 'Grants\s+: voice \(incoming.allow=true, outgoing.application_sid=AP1+'
    }

    It 'shows decoded tokens with local times, remaining lifetime, grant kinds, signature and problems within 120 columns' {
        $expired = ConvertFrom-TwilioAccessToken (New-CorpusToken @{ iat = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds() - 7200; exp = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds() - 3700 }) -Credential $Cred
        $text = @($Decoded) + $expired | Format-Table | Out-String -Width 120
        Assert-FitsWidth $text
        $text | Should -Match 'ExpiresIn'
        $text | Should -Match '(59m \d+s|1h 0m 0s)'
        $text | Should -Match 'expired 1h 1m \d+s ago'
        $text | Should -Match 'Valid'
        $text | Should -Match '20104'
        $list = $expired | Format-List | Out-String -Width 120
        $list | Should -Match '20104: The token expired'
        $list | Should -Match 'SignatureStatus : Valid'
    }

    It 'shows problems and test results within 120 columns' {
        $r = Test-TwilioAccessToken 'junk' -Detailed
        Assert-FitsWidth ($r | Out-String -Width 120)
        Assert-FitsWidth ($r.Problems | Out-String -Width 120)
        ($r.Problems | Out-String -Width 120) | Should -Match '20101'
    }

    It 'shows each grant type' {
        $grants = @((New-TwilioVoiceGrant -IncomingAllow -OutgoingApplicationSid ('AP' + '1' * 32) -OutgoingApplicationParams @{ k = 'v' }),
            (New-TwilioChatGrant ('IS' + '1' * 32)), (New-TwilioSyncGrant ('IS' + '2' * 32)), (New-TwilioTaskRouterGrant -Role worker),
            (New-TwilioPlaybackGrant @{ playbackUrl = 'https://example.invalid/x' }))
        foreach ($g in $grants) {
            $text = $g | Format-Table | Out-String -Width 120
            Assert-FitsWidth $text
            $text | Should -Match $g.Kind
        }
        ($grants[0] | Out-String -Width 120) | Should -Match 'k=v'
        ($grants[4] | Out-String -Width 120) | Should -Match 'playbackUrl'
    }
}

Describe 'In the shell' {
    It 'completes -Region with Twilio''s region ids' {
        $line = 'New-TwilioAccessToken -Region '
        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        foreach ($r in 'us1', 'ie1', 'au1', 'jp1', 'de1') { $completions | Should -Contain $r }
    }

    It 'completes -Region and -Edge of the API key cmdlets: <Line>' -ForEach @(
        @{ Line = 'Get-TwilioApiKey -Region '; Expected = @('us1', 'ie1', 'au1') }
        @{ Line = 'Remove-TwilioApiKey -Region i'; Expected = @('ie1') }
        @{ Line = 'New-TwilioApiKey -Edge '; Expected = @('dublin', 'sydney', 'tokyo', 'sao-paulo') }
        @{ Line = 'Get-TwilioApiKey -Edge s'; Expected = @('sao-paulo', 'singapore', 'sydney') }
    ) {
        $completions = (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText
        foreach ($e in $Expected) { $completions | Should -Contain $e }
        if ($Line -match ' i$') { $completions | Should -Be @('ie1') }
    }

    It 'says in verbose output which key signed and which claims were written' {
        $v = New-TwilioVideoGrant | New-TwilioAccessToken alice @Mint -NotBefore ([DateTime]::UtcNow) -Verbose 4>&1 | Where-Object { $_ -is [Management.Automation.VerboseRecord] }
        ($v -join "`n") | Should -Match "API key $KeySid"
        ($v -join "`n") | Should -Match 'Claims: jti, iss, sub, iat, nbf, exp, grants \(identity, video\)'
        ($v -join "`n") | Should -Match 'Minted 1 token'
    }
}
