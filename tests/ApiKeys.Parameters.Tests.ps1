# The API key cmdlets' parameters, endpoint and credential rules: everything decided before a request is sent, so no
# server is needed. -WhatIf stops them before any request; the first verbose line names the endpoint.

[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSAvoidUsingConvertToSecureStringWithPlainText', '',
    Justification = 'Fake secrets of the tests, which are plain text by design.')]
param()

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-BuiltModule
    $script:Account = Get-FakeAccountSid
    $script:AuthCred = [pscredential]::new($Account, (ConvertTo-SecureString 'fake-auth-token-0123456789abcdef' -AsPlainText -Force))
    $script:KeySid = Get-FakeApiKeySid
    $script:Variables = 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_API_KEY', 'TWILIO_API_SECRET', 'TWILIO_API_BASE_URI', 'TWILIO_REGION', 'TWILIO_EDGE'

    function script:Get-Endpoint {
        # The base URI a run would call (-Iam: IAM v1's), from its first verbose line, without sending anything.
        param([hashtable] $Arguments = @{}, [switch] $Iam)
        $verbose = Invoke-WithoutHost { Remove-TwilioApiKey $KeySid -Credential $AuthCred -WhatIf -Verbose @Arguments 4>&1 } @{
            KeySid = $KeySid; AuthCred = $AuthCred; Arguments = $Arguments } | Where-Object { $_ -is [Management.Automation.VerboseRecord] } | Select-Object -First 1
        if ("$verbose" -match '^Twilio REST API at (\S+), as .*; IAM v1 at (\S+)\.$') { $Matches[1 + [int] [bool] $Iam] } else { throw "No endpoint in: $verbose" }
    }
}

Describe 'The endpoint: -ApiBaseUri, -Region, -Edge and their variables' {
    BeforeEach {
        $script:SavedEnv = @{}
        foreach ($name in $Variables) {
            $SavedEnv[$name] = [Environment]::GetEnvironmentVariable($name)
            [Environment]::SetEnvironmentVariable($name, $null)
        }
    }
    AfterEach {
        foreach ($name in $SavedEnv.Keys) { [Environment]::SetEnvironmentVariable($name, $SavedEnv[$name]) }
    }

    It 'is api.twilio.com by default' {
        Get-Endpoint | Should -BeExactly 'https://api.twilio.com/'
    }

    It 'builds the host from <Arguments> as Twilio''s libraries do' -ForEach @(
        @{ Arguments = @{ Region = 'ie1' }; Expected = 'https://api.ie1.twilio.com/' }
        @{ Arguments = @{ Region = 'au1'; Edge = 'sydney' }; Expected = 'https://api.sydney.au1.twilio.com/' }
        @{ Arguments = @{ Edge = 'dublin' }; Expected = 'https://api.dublin.us1.twilio.com/' }
        @{ Arguments = @{ Region = 'IE1'; Edge = 'Dublin' }; Expected = 'https://api.dublin.ie1.twilio.com/' }
        @{ Arguments = @{ Edge = 'sao-paulo'; Region = 'br1' }; Expected = 'https://api.sao-paulo.br1.twilio.com/' }
    ) {
        Get-Endpoint $Arguments | Should -BeExactly $Expected
    }

    It 'builds IAM v1''s host from <Arguments> as Twilio''s libraries do' -ForEach @(
        @{ Arguments = @{}; Expected = 'https://iam.twilio.com/' }
        @{ Arguments = @{ Region = 'ie1' }; Expected = 'https://iam.ie1.twilio.com/' }
        @{ Arguments = @{ Region = 'au1'; Edge = 'sydney' }; Expected = 'https://iam.sydney.au1.twilio.com/' }
        @{ Arguments = @{ Edge = 'dublin' }; Expected = 'https://iam.dublin.us1.twilio.com/' }
    ) {
        Get-Endpoint $Arguments -Iam | Should -BeExactly $Expected
    }

    It 'sends IAM v1 to -ApiBaseUri and TWILIO_API_BASE_URI as well, path prefix and all' {
        Get-Endpoint @{ ApiBaseUri = 'https://proxy.example.test/twilio/' } -Iam | Should -BeExactly 'https://proxy.example.test/twilio/'
        $env:TWILIO_API_BASE_URI = 'http://127.0.0.1:8080'
        Get-Endpoint -Iam | Should -BeExactly 'http://127.0.0.1:8080/'
        $env:TWILIO_EDGE = 'tokyo'
        Get-Endpoint -Iam | Should -BeExactly 'http://127.0.0.1:8080/'
        Get-Endpoint @{ Region = 'jp1' } -Iam | Should -BeExactly 'https://iam.tokyo.jp1.twilio.com/'
    }

    It 'accepts only Twilio''s regions and edges for -Region and -Edge, as New-TwilioAccessToken -Region does' {
        { Remove-TwilioApiKey $KeySid -Credential $AuthCred -WhatIf -Region ie2 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,TwilioTokens.Commands.RemoveTwilioApiKeyCommand'
        { Get-TwilioApiKey -Credential $AuthCred -Edge nowhere } | Should -Throw -ErrorId 'ParameterArgumentValidationError,TwilioTokens.Commands.GetTwilioApiKeyCommand'
        { New-TwilioAccessToken alice -Credential (Get-FakeCredential) -AccountSid $Account -Region ie2 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,TwilioTokens.Commands.NewTwilioAccessTokenCommand'
        foreach ($command in 'New-TwilioApiKey', 'Get-TwilioApiKey', 'Set-TwilioApiKey', 'Remove-TwilioApiKey') {
            (Get-Command $command).Parameters.Region.Attributes.ValidValues | Should -Be (Get-Command New-TwilioAccessToken).Parameters.Region.Attributes.ValidValues
        }
    }

    It 'completes -Region in New-TwilioAccessToken''s order, and -Edge' {
        $token = (TabExpansion2 -inputScript 'New-TwilioAccessToken -Region ' -cursorColumn 30).CompletionMatches.CompletionText
        $token | Should -Not -BeNullOrEmpty
        foreach ($command in 'Get-TwilioApiKey', 'Remove-TwilioApiKey', 'Set-TwilioApiKey') {
            $line = "$command -Region "
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be $token
        }
        $line = 'Get-TwilioApiKey -Edge s'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('sao-paulo', 'singapore', 'sydney')
    }

    It 'rejects a TWILIO_REGION or TWILIO_EDGE that is not Twilio''s, naming the variable and the choices' {
        $env:TWILIO_REGION = 'ie2'
        { Get-TwilioApiKey -Credential $AuthCred } | Should -Throw -ErrorId 'InvalidRegion,TwilioTokens.Commands.GetTwilioApiKeyCommand' -ExpectedMessage "*TWILIO_REGION 'ie2' is not one of Twilio's regions: us1, us2, ie1*"
        $env:TWILIO_REGION = $null
        $env:TWILIO_EDGE = 'nowhere'
        { Get-TwilioApiKey -Credential $AuthCred } | Should -Throw -ErrorId 'InvalidEdge,TwilioTokens.Commands.GetTwilioApiKeyCommand' -ExpectedMessage "*TWILIO_EDGE 'nowhere'*dublin*"
    }

    It 'takes TWILIO_REGION and TWILIO_EDGE' {
        $env:TWILIO_REGION = 'jp1'
        $env:TWILIO_EDGE = 'tokyo'
        Get-Endpoint | Should -BeExactly 'https://api.tokyo.jp1.twilio.com/'
        Get-Endpoint @{ Edge = 'umatilla'; Region = 'us1' } | Should -BeExactly 'https://api.umatilla.us1.twilio.com/'
        # An explicit edge with the region from the variable.
        Get-Endpoint @{ Edge = 'singapore' } | Should -BeExactly 'https://api.singapore.jp1.twilio.com/'
    }

    It 'uses -ApiBaseUri as given, over everything else' {
        $env:TWILIO_API_BASE_URI = 'https://env.example.test/'
        Get-Endpoint @{ ApiBaseUri = 'https://proxy.example.test/twilio'; Region = 'ie1' } | Should -BeExactly 'https://proxy.example.test/twilio'
    }

    It 'uses TWILIO_API_BASE_URI unless -Region or -Edge is given' {
        $env:TWILIO_API_BASE_URI = 'http://127.0.0.1:8080'
        $env:TWILIO_REGION = 'ie1'
        Get-Endpoint | Should -BeExactly 'http://127.0.0.1:8080/'
        Get-Endpoint @{ Region = 'au1' } | Should -BeExactly 'https://api.au1.twilio.com/'
    }

    It 'keeps a base path as prefix of the API''s paths' {
        $all = Invoke-WithoutHost { Remove-TwilioApiKey $KeySid -Credential $AuthCred -ApiBaseUri 'https://proxy.example.test/twilio/' -WhatIf -Verbose 4>&1 } @{
            KeySid = $KeySid; AuthCred = $AuthCred }
        # ShouldProcess's target names the full URL; -WhatIf writes it to the host, so read it from the cmdlet's own message instead.
        $all | Should -Not -BeNullOrEmpty
        Get-Endpoint @{ ApiBaseUri = 'https://proxy.example.test/twilio/' } | Should -BeExactly 'https://proxy.example.test/twilio/'
    }

    It 'rejects <Case>' -ForEach @(
        @{ Case = 'a region that is not a host label'; Arguments = @{ Region = 'ie1.evil.test' }; ErrorId = 'ParameterArgumentValidationError' }
        @{ Case = 'an edge that is not a host label'; Arguments = @{ Edge = 'dublin/x' }; ErrorId = 'ParameterArgumentValidationError' }
        @{ Case = 'plain http to another machine'; Arguments = @{ ApiBaseUri = 'http://api.example.test' }; ErrorId = 'InvalidApiBaseUri' }
        @{ Case = 'a scheme other than http(s)'; Arguments = @{ ApiBaseUri = 'ftp://127.0.0.1/' }; ErrorId = 'InvalidApiBaseUri' }
        @{ Case = 'a query string'; Arguments = @{ ApiBaseUri = 'https://api.example.test/?x=1' }; ErrorId = 'InvalidApiBaseUri' }
    ) {
        { Remove-TwilioApiKey $KeySid -Credential $AuthCred -WhatIf @Arguments } | Should -Throw -ErrorId "$ErrorId,TwilioTokens.Commands.RemoveTwilioApiKeyCommand"
    }

    It 'rejects a bad TWILIO_REGION, naming the variable' {
        $env:TWILIO_REGION = 'not a region'
        { Get-TwilioApiKey -Credential $AuthCred } | Should -Throw -ErrorId 'InvalidRegion,TwilioTokens.Commands.GetTwilioApiKeyCommand' -ExpectedMessage '*TWILIO_REGION*'
    }

    It 'rejects a user name and password in the URI without repeating them' {
        $err = { Get-TwilioApiKey -Credential $AuthCred -ApiBaseUri 'https://user:hunter2secret@api.example.test/' } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeExactly 'InvalidApiBaseUri,TwilioTokens.Commands.GetTwilioApiKeyCommand'
        "$err $($err.TargetObject) $($err.Exception)" | Should -Not -Match 'hunter2secret'
    }

    It 'allows plain http to this machine, for stand-ins and local proxies' {
        Get-Endpoint @{ ApiBaseUri = 'http://localhost:9000' } | Should -BeExactly 'http://localhost:9000/'
        Get-Endpoint @{ ApiBaseUri = 'http://[::1]:9000/' } | Should -BeExactly 'http://[::1]:9000/'
    }
}

Describe 'Credentials for the REST API' {
    It 'rejects a credential whose user name is no Account SID or API key SID' {
        $bad = [pscredential]::new('alice', $AuthCred.Password)
        { Get-TwilioApiKey -Credential $bad } | Should -Throw -ErrorId 'InvalidRestCredential,TwilioTokens.Commands.GetTwilioApiKeyCommand'
    }

    It 'names the credential''s SID in verbose output, never its secret' {
        $verbose = Invoke-WithoutHost { Remove-TwilioApiKey $KeySid -Credential $AuthCred -WhatIf -Verbose 4>&1 } @{ KeySid = $KeySid; AuthCred = $AuthCred } |
            Select-Object -First 1
        "$verbose" | Should -Match "as $Account \(from -Credential\)"
    }
}

Describe 'Cmdlet contracts' {
    It 'Remove-TwilioApiKey asks for confirmation by default (ConfirmImpact High) and supports -WhatIf' {
        $meta = [Management.Automation.CommandMetadata]::new((Get-Command Remove-TwilioApiKey))
        $meta.ConfirmImpact | Should -Be 'High'
        $meta.SupportsShouldProcess | Should -BeTrue
        (Get-Command New-TwilioApiKey).Parameters.Keys | Should -Contain 'WhatIf'
    }

    It 'Set-TwilioApiKey supports -WhatIf and -Confirm, and loads no engine for -WhatIf' {
        $meta = [Management.Automation.CommandMetadata]::new((Get-Command Set-TwilioApiKey))
        $meta.SupportsShouldProcess | Should -BeTrue
        $meta.ConfirmImpact | Should -Be 'Medium'
        $out = Invoke-FreshPwsh @"
Import-Module '$env:TWILIOTOKENS_MODULE'
`$c = [pscredential]::new('$Account', (ConvertTo-SecureString 'x' -AsPlainText -Force))
Set-TwilioApiKey '$KeySid' -FriendlyName n -Permission /twilio/voice/calls/read -Credential `$c -ApiBaseUri http://127.0.0.1:9 -WhatIf
[AppDomain]::CurrentDomain.GetAssemblies().GetName().Name -contains 'TwilioTokens.Engine'
"@
        "$out" | Should -Match ([regex]::Escape("Rename to 'n' and allow only /twilio/voice/calls/read"))
        "$out" | Should -Match ([regex]::Escape("(POST http://127.0.0.1:9/v1/Keys/$KeySid)"))
        $out[-1] | Should -BeExactly 'False'
    }

    It '<Command> takes -Sid as ApiKeySid and -AccountSid by property name' -ForEach @(
        @{ Command = 'Remove-TwilioApiKey' }
        @{ Command = 'Get-TwilioApiKey' }
        @{ Command = 'Set-TwilioApiKey' }
    ) {
        $p = (Get-Command $Command).Parameters
        $p.Sid.Aliases | Should -Contain 'ApiKeySid'
        $p.Sid.ParameterSets.Values.ValueFromPipelineByPropertyName | Should -Contain $true
        $p.AccountSid.ParameterSets.Values.ValueFromPipelineByPropertyName | Should -Contain $true
    }

    It 'binds a decoded token''s ApiKeySid and AccountSid' {
        $account = 'AC' + 'ab' * 16
        $decoded = ConvertFrom-TwilioAccessToken (New-TwilioAccessToken alice -AccountSid $account -Credential (Get-FakeCredential))
        $verbose = Invoke-WithoutHost { $decoded | Remove-TwilioApiKey -Credential $AuthCred -Confirm:$false -WhatIf -Verbose 4>&1 } @{
            decoded = $decoded; AuthCred = $AuthCred }
        $verbose | Should -Not -BeNullOrEmpty
        # -WhatIf: nothing sent, nothing written, no error.
        $errs = $null
        Invoke-WithoutHost { $decoded | Remove-TwilioApiKey -Credential $AuthCred -WhatIf } @{ decoded = $decoded; AuthCred = $AuthCred } -ErrorVariable errs
        $errs | Should -BeNullOrEmpty
    }

    It 'rejects a malformed SID as <Value>, before anything is sent' -ForEach @(
        @{ Value = 'SK123' }
        @{ Value = 'AC00000000000000000000000000000001' }
        @{ Value = 'SK0000000000000000000000000000000g' }
    ) {
        # -ApiBaseUri to a port nothing listens on: had anything been sent, the error would be a ConnectionError.
        $errs = $null
        Remove-TwilioApiKey $Value -Credential $AuthCred -ApiBaseUri 'http://127.0.0.1:9' -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        @($errs) | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidApiKeySid,TwilioTokens.Commands.RemoveTwilioApiKeyCommand'
        $errs[0].TargetObject | Should -BeExactly $Value
    }

    It 'limits -FriendlyName to Twilio''s 64 characters' {
        { New-TwilioApiKey ('x' * 65) -Credential $AuthCred -WhatIf } | Should -Throw -ErrorId 'ParameterArgumentValidationError,TwilioTokens.Commands.NewTwilioApiKeyCommand'
    }

    It 'loads no engine for -WhatIf' {
        $script = @"
Import-Module '$($env:TWILIOTOKENS_MODULE)'
`$cred = [pscredential]::new('$Account', (ConvertTo-SecureString 'fake-auth-token-0123456789abcdef' -AsPlainText -Force))
Remove-TwilioApiKey '$KeySid' -Credential `$cred -WhatIf | Out-Null
New-TwilioApiKey 'x' -Credential `$cred -WhatIf | Out-Null
@([AppDomain]::CurrentDomain.GetAssemblies().GetName().Name -match '^TwilioTokens\.Engine$').Count
"@
        Invoke-FreshPwsh $script | Select-Object -Last 1 | Should -Be '0'
    }
}
