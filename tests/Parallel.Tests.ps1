# Safe in parallel: runspaces share one engine, one private load context and IdentityModel's statics. Eight of them
# mint and verify at the same time, each with its own key; no token may verify with anyone else's key.

[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSAvoidUsingConvertToSecureStringWithPlainText', '',
    Justification = 'Fake secrets of the tests, which are plain text by design.')]
param()

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-BuiltModule
}

Describe 'Minting and verifying in parallel runspaces' {
    BeforeAll {
        $script:TokensPerRunspace = 300
        # Eight fake keys of Twilio's shape: SK + 32 hex digits, 32-character secrets that differ in every byte.
        $script:Keys = foreach ($i in 1..8) {
            [pscustomobject]@{
                Index  = $i
                Sid    = 'SK' + $i.ToString('x32')
                Secret = -join ([char[]] ([string]([char](64 + $i)) * 32))
            }
        }

        $script:Results = $Keys | ForEach-Object -ThrottleLimit 8 -Parallel {
            $ErrorActionPreference = 'Stop'
            Import-Module $using:env:TWILIOTOKENS_MODULE
            $keys = $using:Keys
            $mine = $_
            $credentials = @{}
            foreach ($k in $keys) {
                $credentials[$k.Index] = [pscredential]::new($k.Sid, (ConvertTo-SecureString $k.Secret -AsPlainText -Force))
            }

            # Several runs per runspace, so signing keys are created and disposed while other runspaces sign.
            $tokens = foreach ($batch in 1..3) {
                $identities = foreach ($n in 1..($using:TokensPerRunspace / 3)) { "user-$($mine.Index)-$batch-$n" }
                New-TwilioAccessToken -Identity $identities -AccountSid 'AC00000000000000000000000000000001' -Credential $credentials[$mine.Index]
            }

            $verifiedByKey = @{}
            foreach ($k in $keys) {
                $verifiedByKey[$k.Index] = @($tokens | ConvertFrom-TwilioAccessToken -Credential $credentials[$k.Index] |
                        Where-Object SignatureStatus -eq 'Valid').Count
            }

            [pscustomobject]@{
                Index         = $mine.Index
                Ids           = @($tokens.Id)
                Identities    = @($tokens.Identity)
                Jwts          = @($tokens.Jwt)
                VerifiedByKey = $verifiedByKey
            }
        }
    }

    It 'gives every runspace all its tokens' {
        $Results | Should -HaveCount 8
        foreach ($r in $Results) {
            $r.Jwts | Should -HaveCount $TokensPerRunspace
            $r.Identities | Should -Be @(foreach ($b in 1..3) { foreach ($n in 1..($TokensPerRunspace / 3)) { "user-$($r.Index)-$b-$n" } })
        }
    }

    It 'verifies every token with its own key and with no other key' {
        foreach ($r in $Results) {
            foreach ($k in $Keys) {
                $expected = if ($k.Index -eq $r.Index) { $TokensPerRunspace } else { 0 }
                $r.VerifiedByKey[$k.Index] | Should -Be $expected -Because "runspace $($r.Index)'s tokens checked with key $($k.Index)"
            }
        }
    }

    It 'signed every token with its own key, by an HMAC computed here without the module' {
        foreach ($r in $Results) {
            $secret = ($Keys | Where-Object Index -eq $r.Index).Secret
            foreach ($jwt in $r.Jwts | Select-Object -First 10) {
                $parts = $jwt.Split('.')
                $parts[2] | Should -Be (Get-Hs256Signature -SigningInput "$($parts[0]).$($parts[1])" -Secret $secret)
            }
        }
    }

    It 'gives every token a unique id' {
        $ids = @($Results | ForEach-Object { $_.Ids })
        $ids | Should -HaveCount (8 * $TokensPerRunspace)
        @($ids | Sort-Object -Unique).Count | Should -Be $ids.Count
        foreach ($r in $Results) {
            # Id is the token's jti claim: sampled, since decoding every token here would only slow the suite.
            foreach ($i in 0, 99, 299) { (Get-JwtPart $r.Jwts[$i] 1).jti | Should -Be $r.Ids[$i] }
        }
    }
}

Describe 'State shared between callers' {
    It 'leaves no signature provider holding a caller''s secret in IdentityModel''s process-wide cache' {
        # IdentityModel's default CryptoProviderFactory caches providers, keys and all, for the whole process. Asks it,
        # through its public API, for a provider of a key with the same secret after minting and verifying.
        $out = Invoke-FreshPwsh @"
`$ErrorActionPreference = 'Stop'
Import-Module '$($env:TWILIOTOKENS_MODULE)'
`$cred = [pscredential]::new('$(Get-FakeApiKeySid)', (ConvertTo-SecureString '$(Get-FakeSecretText)' -AsPlainText -Force))
`$token = New-TwilioAccessToken alice -AccountSid '$(Get-FakeAccountSid)' -Credential `$cred
"verified=`$((`$token | ConvertFrom-TwilioAccessToken -Credential `$cred).SignatureStatus)"
`$tokens = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'Microsoft.IdentityModel.Tokens' }
'assemblies=' + @(`$tokens).Count
`$key = [Activator]::CreateInstance(`$tokens.GetType('Microsoft.IdentityModel.Tokens.SymmetricSecurityKey'), [object[]] (, [Text.Encoding]::UTF8.GetBytes('$(Get-FakeSecretText)')))
`$cache = `$tokens.GetType('Microsoft.IdentityModel.Tokens.CryptoProviderFactory')::Default.CryptoProviderCache
foreach (`$signing in `$true, `$false) {
    `$arguments = [object[]] (`$key, 'HS256', 'Microsoft.IdentityModel.Tokens.SymmetricSignatureProvider', `$signing, `$null)
    "cached(signing=`$signing)=" + `$cache.GetType().GetMethod('TryGetSignatureProvider').Invoke(`$cache, `$arguments)
}
"@
        $out | Should -Be @('verified=Valid', 'assemblies=1', 'cached(signing=True)=False', 'cached(signing=False)=False')
    }
}
