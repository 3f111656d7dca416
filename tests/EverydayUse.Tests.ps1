# Everyday shell use (issue 21): no silent wrong result, a token you can copy, views that name real properties.

[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSAvoidUsingConvertToSecureStringWithPlainText', '',
    Justification = 'Fake secrets of the tests, which are plain text by design.')]
param()

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-BuiltModule
    $script:Cred = Get-FakeCredential
    $script:Account = Get-FakeAccountSid
    $script:Mint = @{ AccountSid = $Account; Credential = $Cred }
    $script:Voice = New-TwilioVoiceGrant -IncomingAllow
}

Describe 'Identities come only from strings and an Identity property' {
    It 'reports an object without Identity, naming its properties, and mints the rest' {
        $rows = @([pscustomobject]@{ User = 'alice'; Team = 'a' }, 'bob', [pscustomobject]@{ Identity = 'carol' })
        $tokens = $rows | New-TwilioAccessToken @Mint -ErrorVariable errs -ErrorAction SilentlyContinue
        @($tokens.Identity) | Should -Be @('bob', 'carol')
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'IdentityPropertyMissing,*'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errs[0].Exception.Message | Should -BeLike '*no Identity property*User, Team*'
        $errs[0].TargetObject.User | Should -Be 'alice'
    }

    It 'mints the value of an Identity property that is not a string, never the whole object' {
        $rows = [pscustomobject]@{ Identity = 42 }, [pscustomobject]@{ Identity = 'gina', 'hal' }
        @(($rows | New-TwilioAccessToken @Mint).Identity) | Should -Be @('42', 'gina', 'hal')
        (New-TwilioAccessToken -Identity ([pscustomobject]@{ Identity = 'zed' }) @Mint).Identity | Should -BeExactly 'zed'
    }

    It 'mints nothing for a file' {
        $tokens = Get-Item $PSCommandPath | New-TwilioAccessToken @Mint -ErrorVariable errs -ErrorAction SilentlyContinue
        $tokens | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'IdentityPropertyMissing,*'
    }

    It 'still mints for CSV rows and decoded tokens' {
        $csv = 'Identity,Team', 'dave,a', 'erin,b' | ConvertFrom-Csv
        @(($csv | New-TwilioAccessToken @Mint).Identity) | Should -Be @('dave', 'erin')
        $decoded = New-TwilioAccessToken frank @Mint -Grant $Voice | ConvertFrom-TwilioAccessToken
        $again = $decoded | New-TwilioAccessToken @Mint
        $again.Identity | Should -Be 'frank'
        $again.Grants.Kind | Should -Be 'voice'
    }
}

Describe 'No grant is ever lost' {
    It 'mints nothing when grants are piped in while -Identity and -Grant are given, and says how' {
        { New-TwilioVideoGrant | New-TwilioAccessToken alice @Mint -Grant $Voice } |
            Should -Throw -ErrorId 'GrantInputConflict,TwilioTokens.Commands.NewTwilioAccessTokenCommand' -ExpectedMessage '*pipe them all*-Grant*'
    }

    It 'puts both a decoded token''s grants and -Grant into the token' {
        $decoded = New-TwilioAccessToken alice @Mint -Grant $Voice | ConvertFrom-TwilioAccessToken
        $token = $decoded | New-TwilioAccessToken @Mint -Grant (New-TwilioVideoGrant)
        @($token.Grants.Kind | Sort-Object) | Should -Be @('video', 'voice')
    }

    It 'reports a grant piped in among identities instead of minting for its type name' {
        $tokens = @('alice', (New-TwilioVideoGrant)) | New-TwilioAccessToken @Mint -ErrorVariable errs -ErrorAction SilentlyContinue
        @($tokens.Identity) | Should -Be @('alice')
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'GrantInputConflict,*'
    }
}

Describe 'Test-TwilioAccessToken answers for any text' {
    BeforeAll { $script:Jwt = (New-TwilioAccessToken alice @Mint).Jwt }

    It 'gives $false for <Name> as -Token and piped' -TestCases @(
        @{ Name = 'empty'; Text = '' }, @{ Name = 'null'; Text = $null }, @{ Name = 'white space'; Text = " `t " }) {
        Test-TwilioAccessToken -Token $Text -Credential $Cred | Should -BeFalse
        , $Text | Test-TwilioAccessToken -Credential $Cred | Should -BeFalse
        (Test-TwilioAccessToken $Text -Detailed).Problems[0].Code | Should -Be 20101
    }

    It 'filters a file with blank lines' {
        $file = Join-Path $TestDrive 'tokens.txt'
        Set-Content $file -Value '', $Jwt, '   ', 'garbage', ''
        $valid = Get-Content $file | Where-Object { Test-TwilioAccessToken $_ -Credential $Cred }
        @($valid) | Should -Be @($Jwt)
    }
}

Describe '-MaskIdentity hides every copy of the identity' {
    BeforeAll {
        $script:Id = 'alice@example.com'
        $grants = (New-TwilioChatGrant -ServiceSid ('IS' + '0' * 32) -EndpointId "App:$($Id):device"), (New-TwilioSyncGrant -ServiceSid ('IS' + '1' * 32))
        $script:MaskJwt = (New-TwilioAccessToken $Id @Mint -Grant $grants -WarningAction SilentlyContinue).Jwt
    }

    It 'leaves it nowhere: Identity, Claims, Grants, JSON' {
        $d = ConvertFrom-TwilioAccessToken $MaskJwt -MaskIdentity
        $d.Identity | Should -Match '^masked:[0-9a-f]{16}$'
        $d.Claims['grants']['identity'] | Should -Be $d.Identity
        $d.Grants[0].EndpointId | Should -Be "App:$($d.Identity):device"
        $d.Claims['grants']['chat']['endpoint_id'] | Should -Be "App:$($d.Identity):device"
        ($d | ConvertTo-Json -Depth 8) | Should -Not -BeLike "*$Id*"
        ($d | Format-List * | Out-String) | Should -Not -BeLike "*$Id*"
    }

    It 'masks alike within a session, with a keyed hash that differs between sessions' {
        $a = (ConvertFrom-TwilioAccessToken $MaskJwt -MaskIdentity).Identity
        $b = (ConvertFrom-TwilioAccessToken $MaskJwt -MaskIdentity).Identity
        $a | Should -Be $b
        $sha = [Security.Cryptography.SHA256]::HashData([Text.Encoding]::UTF8.GetBytes($Id))
        $a | Should -Not -BeLike ('masked:' + [Convert]::ToHexString($sha, 0, 4).ToLowerInvariant() + '*')
        $other = Invoke-FreshPwsh "Import-Module '$env:TWILIOTOKENS_MODULE'; (ConvertFrom-TwilioAccessToken '$MaskJwt' -MaskIdentity).Identity"
        $other | Should -Match '^masked:[0-9a-f]{16}$'
        $other | Should -Not -Be $a
    }
}

Describe 'A token you can copy' {
    BeforeAll { $script:Token = New-TwilioAccessToken alice @Mint -Grant $Voice }

    It 'is never in a default view, which would wrap it' {
        $head = $Token.Jwt.Substring(0, 24)
        foreach ($view in { $Token | Format-List }, { $Token | Format-Table }, { $Token }) {
            (& $view | Out-String -Width 80) | Should -Not -BeLike "*$head*"
        }
    }

    It 'is printed by the demo on a line of its own that decodes' {
        $modulePath = Split-Path $env:TWILIOTOKENS_MODULE
        $out = Invoke-FreshPwsh "& '$(Join-Path $PSScriptRoot 'demo.ps1')' -ModulePath '$modulePath' 6>`$null"
        $line = @($out | Where-Object { $_ -match '^eyJ[\w-]+\.[\w-]+\.[\w-]+$' })
        $line | Should -HaveCount 1
        (ConvertFrom-TwilioAccessToken $line[0] -Credential $Cred).SignatureStatus | Should -Be 'Valid'
    }
}

Describe 'Pasted tokens' {
    BeforeAll {
        $script:Jwt = (New-TwilioAccessToken alice @Mint).Jwt
        $script:Wrapped = $Jwt.Substring(0, 60) + "`n             " + $Jwt.Substring(60)
    }

    It 'ConvertFrom removes <Name> with a warning saying so' -TestCases @(
        @{ Name = 'quotes'; Text = { "'$Jwt'" }; Says = '*quotes*' }
        @{ Name = 'Bearer'; Text = { "Bearer $Jwt" }; Says = "*'Bearer '*" }
        @{ Name = 'a label'; Text = { "Jwt        : $Jwt" }; Says = "*label 'Jwt        :'*" }
        @{ Name = 'line breaks'; Text = { $Wrapped }; Says = '*line breaks*' }) {
        $d = ConvertFrom-TwilioAccessToken (& $Text) -Credential $Cred -WarningVariable warnings -WarningAction SilentlyContinue
        $d.SignatureStatus | Should -Be 'Valid'
        "$warnings" | Should -BeLike $Says
    }

    It 'Test- judges as given and says what to remove' {
        Test-TwilioAccessToken "Bearer $Jwt" -Credential $Cred | Should -BeFalse
        (Test-TwilioAccessToken "`"$Jwt`"" -Detailed).Problems[0].Hint | Should -BeLike '*remove the quotes around it*'
    }
}

Describe 'Times carry their offset' {
    It 'are DateTimeOffsets in UTC on tokens, decoded tokens and test results' {
        $token = New-TwilioAccessToken alice @Mint -NotBefore (Get-Date)
        $decoded = $token | ConvertFrom-TwilioAccessToken
        $result = Test-TwilioAccessToken $token.Jwt -Detailed
        foreach ($time in $token.IssuedAt, $token.NotBefore, $token.ExpiresAt, $decoded.IssuedAt, $decoded.NotBefore, $decoded.ExpiresAt, $result.ExpiresAt) {
            $time | Should -BeOfType [DateTimeOffset]
            $time.Offset | Should -Be ([TimeSpan]::Zero)
        }
        ($decoded | Select-Object ExpiresAt | ConvertTo-Csv)[1] | Should -BeLike '*+00:00*'
        ($token | Select-Object ExpiresAt | ConvertTo-Json) | Should -BeLike '*+00:00*'
    }
}

Describe 'Views name real things' {
    It 'labels every column and list item of every view with a property of its type' {
        [xml] $views = Get-Content (Join-Path (Split-Path $env:TWILIOTOKENS_MODULE) 'TwilioTokens.Format.ps1xml') -Raw
        foreach ($view in $views.Configuration.ViewDefinitions.View) {
            $type = [type] $view.ViewSelectedBy.TypeName
            $labels = @($view.SelectNodes('.//Label') | ForEach-Object InnerText)
            foreach ($label in $labels) { $type.GetProperty($label) | Should -Not -BeNullOrEmpty -Because "$($type.Name) view: $label" }
        }
    }

    It 'shows grants as their kind and values, also through Select-Object and Format-List *' {
        $token = New-TwilioAccessToken alice @Mint -Grant (New-TwilioVoiceGrant -IncomingAllow -OutgoingApplicationSid ('AP' + '0' * 32))
        "$($token.Grants[0])" | Should -BeExactly "voice (incoming.allow=true, outgoing.application_sid=AP$('0' * 32))"
        ($token | Select-Object Grants | Out-String) | Should -BeLike '*voice (incoming.allow=true*'
        ($token | Format-List * | Out-String) | Should -Not -BeLike '*TwilioTokens.VoiceGrant*'
    }

    It 'declares ToString in every grant type, which is what lists of grants show' {
        # PowerShell shows an item of a list by ToString() only when the item's own type declares it.
        $types = @([TwilioTokens.TwilioGrant].Assembly.GetExportedTypes() | Where-Object { $_.IsSubclassOf([TwilioTokens.TwilioGrant]) -and -not $_.IsAbstract })
        $types.Count | Should -BeGreaterOrEqual 9
        @($types | Where-Object { $_.GetMethod('ToString', [type[]] @()).DeclaringType -ne $_ } | ForEach-Object Name) | Should -BeNullOrEmpty
    }

    It 'shows decoded grants with SIDs by their text in Select-Object' {
        $sid = 'IS' + '1' * 32
        $d = New-TwilioAccessToken alice @Mint -Grant (New-TwilioChatGrant -ServiceSid $sid), (New-TwilioSyncGrant -ServiceSid $sid) |
            ConvertFrom-TwilioAccessToken
        $text = $d | Select-Object Grants | Out-String -Width 300
        $text | Should -BeLike "*chat (service_sid=$sid)*"
        $text | Should -BeLike "*data_sync (service_sid=$sid)*"
    }

    It 'serialises SignatureStatus as its name, and it still compares' {
        $d = New-TwilioAccessToken alice @Mint | ConvertFrom-TwilioAccessToken -Credential $Cred
        ($d | ConvertTo-Json -Depth 6) | Should -BeLike '*"SignatureStatus": "Valid"*'
        $d.SignatureStatus -eq 'Valid' | Should -BeTrue
        $d.SignatureStatus -eq [TwilioTokens.SignatureStatus]::Valid | Should -BeTrue
    }

    It 'keeps the Problems of Test -Detailed readable at 80 columns' {
        $expired = New-SignedTestToken '{"alg":"HS256","cty":"twilio-fpa;v=1","typ":"JWT"}' `
            ('{"jti":"x","iss":"' + (Get-FakeApiKeySid) + '","sub":"' + $Account + '","iat":1000,"exp":2000,"grants":{"identity":"alice"}}')
        $text = Test-TwilioAccessToken $expired -Credential (Get-FakeCredential -Other) -Detailed | Format-Table | Out-String -Width 80
        $text | Should -BeLike '*20104: The token expired*'
        $text | Should -BeLike '*20107*'
    }
}

Describe 'Limits explained' {
    It 'names the 24-hour maximum and Twilio error 20157 for -Ttl above 86,400' {
        { New-TwilioAccessToken alice @Mint -Ttl 86401 } |
            Should -Throw -ErrorId 'InvalidTtl,TwilioTokens.Commands.NewTwilioAccessTokenCommand' -ExpectedMessage '*24 hours*20157*'
    }

    It 'names the one environment variable that is missing' {
        $out = Invoke-FreshPwsh @"
Import-Module '$env:TWILIOTOKENS_MODULE'
`$env:TWILIO_ACCOUNT_SID = '$Account'; `$env:TWILIO_API_KEY = '$(Get-FakeApiKeySid)'; `$env:TWILIO_API_SECRET = `$null
try { New-TwilioAccessToken alice -ErrorAction Stop } catch { `$_.Exception.Message }
"@
        "$out" | Should -BeLike '*TWILIO_API_SECRET is not set (only TWILIO_API_KEY is)*'
    }
}

Describe 'Re-minting decoded grants' {
    It 'warns about a deprecated grant' {
        $jwt = New-SignedTestToken '{"alg":"HS256","cty":"twilio-fpa;v=1","typ":"JWT"}' `
            ('{"jti":"x","iss":"' + (Get-FakeApiKeySid) + '","sub":"' + $Account + '","iat":1000,"exp":2000,"grants":{"identity":"alice","ip_messaging":{"service_sid":"IS' + '0' * 32 + '"}}}')
        $null = (ConvertFrom-TwilioAccessToken $jwt).Grants | New-TwilioAccessToken alice @Mint -WarningVariable warnings -WarningAction SilentlyContinue
        "$warnings" | Should -BeLike "*'ip_messaging' grant is deprecated*New-TwilioChatGrant*"
    }

    It 'warns about an endpoint_id naming the old identity when minting for another' {
        $old = New-TwilioAccessToken alice @Mint -Grant (New-TwilioChatGrant -ServiceSid ('IS' + '0' * 32) -EndpointId 'App:alice:phone')
        $grants = ($old | ConvertFrom-TwilioAccessToken).Grants
        $null = $grants | New-TwilioAccessToken bob @Mint -WarningVariable warnings -WarningAction SilentlyContinue
        "$warnings" | Should -BeLike "*endpoint_id 'App:alice:phone' names 'alice'*not 'bob'*"
        $null = $grants | New-TwilioAccessToken alice @Mint -WarningVariable same -WarningAction SilentlyContinue
        $same | Should -BeNullOrEmpty
    }
}

Describe 'A clean test log' {
    It 'has no ANSI escape codes and no What if: lines when redirected' {
        Copy-Item (Join-Path $PSScriptRoot 'Invoke-PesterSuite.ps1'), (Join-Path $PSScriptRoot 'TestHelpers.psm1') $TestDrive
        Set-Content (Join-Path $TestDrive 'Sample.Tests.ps1') -Value @'
BeforeAll { Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') }
Describe 'sample' {
    It 'fails, in colour on a console' { 1 | Should -Be 2 }
    It 'previews a removal' {
        $admin = [pscredential]::new('AC00000000000000000000000000000001', (ConvertTo-SecureString 'fake-auth-token-0123456789abcdef' -AsPlainText -Force))
        Invoke-WithoutHost { Remove-TwilioApiKey SK00000000000000000000000000000001 -Credential $admin -WhatIf } @{ admin = $admin } | Should -BeNullOrEmpty
    }
}
'@
        $pester = Join-Path (Get-Module Pester).ModuleBase 'Pester.psd1'
        $out = Invoke-FreshPwsh "& '$TestDrive/Invoke-PesterSuite.ps1' -PesterPath '$pester' -ModulePath '$(Split-Path $env:TWILIOTOKENS_MODULE)' -ResultFile '$TestDrive/r.json' *>&1 | Out-String -Stream"
        $text = $out -join "`n"
        $text | Should -BeLike '*Expected 2, but got 1*'
        $text | Should -Not -Match "`e\["
        $text | Should -Not -BeLike '*What if:*'
    }

    It 'installs Prism without EBADENGINE: no package of the lock file excludes Node.js 20' {
        $lock = Get-Content (Join-Path $PSScriptRoot 'rest/package-lock.json') -Raw | ConvertFrom-Json -AsHashtable
        $engines = $lock.packages.Values | Where-Object { $_.engines -is [Collections.IDictionary] -and $_.engines.node } | ForEach-Object { $_.engines.node }
        $engines | Should -Not -BeNullOrEmpty
        @($engines | Where-Object { $_ -match '^\s*>=?\s*v?(2[1-9]|[3-9]\d)' }) | Should -BeNullOrEmpty
    }
}

Describe 'README' {
    It 'says how to get SecretManagement where it uses Get-Secret' {
        $readme = Get-Content (Join-Path $PSScriptRoot '../README.md') -Raw
        $readme | Should -BeLike '*Install-PSResource Microsoft.PowerShell.SecretManagement, Microsoft.PowerShell.SecretStore*'
    }
}
