# Every grant Twilio defines: wire format against twilio-csharp, decoding back to typed grants, round trips,
# composition, identity rules per product, and bulk minting.

BeforeDiscovery {
    $sid = { param($prefix, $digit) $prefix + ([string]$digit * 32) }
    $script:Sids = @{
        App = & $sid 'AP' 1; Push = & $sid 'CR' 2; Service = & $sid 'IS' 3; Role = & $sid 'RL' 4
        Workspace = & $sid 'WS' 5; Worker = & $sid 'WK' 6; Profile = & $sid 'VS' 7
    }
    $player = [ordered]@{ requestCredentials = $null; playbackUrl = 'https://example.invalid/live.m3u8'; playerStreamerSid = 'VJ' + '8' * 32; nested = @{ list = @(1, 'two') } }

    # Each case: the cmdlet and its parameters (ours), and the same grant for twilio-csharp (the oracle).
    $script:GrantCases = @(
        @{ Name = 'video, empty'; Cmdlet = 'New-TwilioVideoGrant'; Params = @{}; Oracle = @{ kind = 'video' } }
        @{ Name = 'video, room'; Cmdlet = 'New-TwilioVideoGrant'; Params = @{ Room = 'standup' }; Oracle = @{ kind = 'video'; room = 'standup' } }
        @{ Name = 'chat, service only'; Cmdlet = 'New-TwilioChatGrant'; Params = @{ ServiceSid = $Sids.Service }; Oracle = @{ kind = 'chat'; serviceSid = $Sids.Service } }
        @{ Name = 'chat, all fields'; Cmdlet = 'New-TwilioChatGrant'
            Params = @{ ServiceSid = $Sids.Service; EndpointId = 'ep1'; DeploymentRoleSid = $Sids.Role; PushCredentialSid = $Sids.Push }
            Oracle = @{ kind = 'chat'; serviceSid = $Sids.Service; endpointId = 'ep1'; deploymentRoleSid = $Sids.Role; pushCredentialSid = $Sids.Push } }
        @{ Name = 'sync, service only'; Cmdlet = 'New-TwilioSyncGrant'; Params = @{ ServiceSid = $Sids.Service }; Oracle = @{ kind = 'sync'; serviceSid = $Sids.Service } }
        @{ Name = 'sync, all fields'; Cmdlet = 'New-TwilioSyncGrant'; Params = @{ ServiceSid = $Sids.Service; EndpointId = 'ep2' }
            Oracle = @{ kind = 'sync'; serviceSid = $Sids.Service; endpointId = 'ep2' } }
        @{ Name = 'task router, empty'; Cmdlet = 'New-TwilioTaskRouterGrant'; Params = @{}; Oracle = @{ kind = 'task_router' } }
        @{ Name = 'task router, all fields'; Cmdlet = 'New-TwilioTaskRouterGrant'
            Params = @{ WorkspaceSid = $Sids.Workspace; WorkerSid = $Sids.Worker; Role = 'worker' }
            Oracle = @{ kind = 'task_router'; workspaceSid = $Sids.Workspace; workerSid = $Sids.Worker; role = 'worker' } }
        @{ Name = 'playback'; Cmdlet = 'New-TwilioPlaybackGrant'; Params = @{ Grant = $player }; Oracle = @{ kind = 'player'; grant = $player } }
        @{ Name = 'voice, all fields'; Cmdlet = 'New-TwilioVoiceGrant'
            Params = @{ IncomingAllow = $true; OutgoingApplicationSid = $Sids.App; OutgoingApplicationParams = @{ a = 'b' }; PushCredentialSid = $Sids.Push; EndpointId = 'ep3' }
            Oracle = @{ kind = 'voice'; incomingAllow = $true; outgoingApplicationSid = $Sids.App; outgoingApplicationParams = @{ a = 'b' }; pushCredentialSid = $Sids.Push; endpointId = 'ep3' } }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-BuiltModule
    $script:Cred = Get-FakeCredential
    $script:Account = Get-FakeAccountSid
    $script:KeySid = Get-FakeApiKeySid
    $script:Mint = @{ AccountSid = $Account; Credential = $Cred }
    function script:Get-GrantsJson([string] $Jwt) {
        $g = (Get-JwtPart $Jwt 1)['grants']
        $g.Remove('identity')
        $g | ConvertTo-CanonicalJson
    }
    function script:New-OracleToken([object[]] $Grants, [string] $Identity = 'alice') {
        (Invoke-Oracle @(@{ accountSid = $Account; apiKeySid = $KeySid; secret = (Get-FakeSecretText); identity = $Identity; ttl = 3600; grants = $Grants }))[0]
    }
}

Describe 'Each grant equals twilio-csharp''s' {
    It '<Name>' -ForEach $GrantCases {
        $grant = & $Cmdlet @Params
        $grant.Kind | Should -Not -BeNullOrEmpty
        $ours = ($grant | New-TwilioAccessToken alice @Mint).Jwt
        $theirs = New-OracleToken @($Oracle)
        (Get-JwtPart $ours 0 | ConvertTo-CanonicalJson) | Should -BeExactly (Get-JwtPart $theirs 0 | ConvertTo-CanonicalJson)
        (Remove-TimeClaim (Get-JwtPart $ours 1) | ConvertTo-CanonicalJson) | Should -BeExactly (Remove-TimeClaim (Get-JwtPart $theirs 1) | ConvertTo-CanonicalJson)
    }

    It 'a mix of every grant, piped into one token' {
        $ours = $GrantCases | Where-Object Name -Match 'all fields|playback|video, room' |
            ForEach-Object { $params = $_.Params; & $_.Cmdlet @params } |
            New-TwilioAccessToken alice @Mint
        $theirs = New-OracleToken @($GrantCases | Where-Object Name -Match 'all fields|playback|video, room' | ForEach-Object Oracle)
        @((Get-JwtPart $ours.Jwt 1)['grants'].Keys | Sort-Object) | Should -Be @('chat', 'data_sync', 'identity', 'player', 'task_router', 'video', 'voice')
        (Remove-TimeClaim (Get-JwtPart $ours.Jwt 1) | ConvertTo-CanonicalJson) | Should -BeExactly (Remove-TimeClaim (Get-JwtPart $theirs 1) | ConvertTo-CanonicalJson)
    }
}

Describe 'Decoding every grant' {
    It 'turns a twilio-csharp token with every grant back into typed grants with the same values' {
        $jwt = New-OracleToken @(
            @{ kind = 'video'; room = 'r1' }
            @{ kind = 'chat'; serviceSid = $Sids.Service; endpointId = 'e'; deploymentRoleSid = $Sids.Role; pushCredentialSid = $Sids.Push }
            @{ kind = 'sync'; serviceSid = $Sids.Service; endpointId = 's' }
            @{ kind = 'task_router'; workspaceSid = $Sids.Workspace; workerSid = $Sids.Worker; role = 'supervisor' }
            @{ kind = 'player'; grant = @{ playbackUrl = 'https://example.invalid/x'; n = 5 } }
        )
        $d = ConvertFrom-TwilioAccessToken $jwt -Credential $Cred
        $d.SignatureStatus | Should -Be 'Valid'
        $d.Problems | Should -BeNullOrEmpty
        $byKind = @{}; $d.Grants | ForEach-Object { $byKind[$_.Kind] = $_ }
        $byKind['video'] | Should -BeOfType ([TwilioTokens.VideoGrant]); $byKind['video'].Room | Should -BeExactly 'r1'
        $byKind['chat'] | Should -BeOfType ([TwilioTokens.ChatGrant])
        $byKind['chat'].ServiceSid | Should -BeExactly $Sids.Service
        $byKind['chat'].EndpointId | Should -BeExactly 'e'
        $byKind['chat'].DeploymentRoleSid | Should -BeExactly $Sids.Role
        $byKind['chat'].PushCredentialSid | Should -BeExactly $Sids.Push
        $byKind['data_sync'] | Should -BeOfType ([TwilioTokens.SyncGrant]); $byKind['data_sync'].EndpointId | Should -BeExactly 's'
        $byKind['task_router'] | Should -BeOfType ([TwilioTokens.TaskRouterGrant])
        $byKind['task_router'].WorkspaceSid | Should -BeExactly $Sids.Workspace
        $byKind['task_router'].WorkerSid | Should -BeExactly $Sids.Worker
        $byKind['task_router'].Role | Should -BeExactly 'supervisor'
        $byKind['player'] | Should -BeOfType ([TwilioTokens.PlaybackGrant])
        $byKind['player'].Grant['playbackUrl'] | Should -BeExactly 'https://example.invalid/x'
        $byKind['player'].Grant['n'] | Should -Be 5
    }

    It 'recognises the deprecated <Key> grant, types it, and flags it (20106)' -ForEach @(
        @{ Key = 'ip_messaging'; Oracle = @{ kind = 'ip_messaging'; serviceSid = 'IS' + '3' * 32; endpointId = 'old' }; Type = 'TwilioTokens.IpMessagingGrant'; Property = 'ServiceSid'; Value = 'IS' + '3' * 32 }
        @{ Key = 'rtc'; Oracle = @{ kind = 'rtc'; configurationProfileSid = 'VS' + '7' * 32 }; Type = 'TwilioTokens.RtcGrant'; Property = 'ConfigurationProfileSid'; Value = 'VS' + '7' * 32 }
    ) {
        $jwt = New-OracleToken @($Oracle)
        $d = ConvertFrom-TwilioAccessToken $jwt
        $d.Grants[0].GetType().FullName | Should -Be $Type
        $d.Grants[0].$Property | Should -BeExactly $Value
        $d.Problems.Code | Should -Be @(20106)
        $d.Problems[0].Message | Should -Match 'deprecated'
        $d.Problems[0].Message | Should -Match $Key
    }

    It 'keeps and flags an unknown grant key' {
        $jwt = New-SignedTestToken -HeaderJson '{"alg":"HS256","typ":"JWT","cty":"twilio-fpa;v=1"}' `
            -PayloadJson ('{"iss":"' + $KeySid + '","sub":"' + $Account + '","exp":' + ([DateTimeOffset]::UtcNow.ToUnixTimeSeconds() + 60) + ',"grants":{"identity":"a","hologram":{"x":[1,{"y":true}]}}}')
        $d = ConvertFrom-TwilioAccessToken $jwt
        $d.Grants[0] | Should -BeOfType ([TwilioTokens.UnknownGrant])
        $d.Grants[0].Kind | Should -BeExactly 'hologram'
        $d.Problems.Code | Should -Be @(20106)
        # and it re-mints unchanged
        $again = $d | New-TwilioAccessToken @Mint
        (Get-JwtPart $again.Jwt 1)['grants']['hologram'] | ConvertTo-CanonicalJson | Should -BeExactly '{"x":[1,{"y":true}]}'
    }
}

Describe 'Round trip: decoded grants re-mint identically' {
    It '<Name>' -ForEach $GrantCases {
        $orig = & $Cmdlet @Params | New-TwilioAccessToken alice @Mint
        $again = (ConvertFrom-TwilioAccessToken $orig).Grants | New-TwilioAccessToken -Identity alice @Mint
        Get-GrantsJson $again.Jwt | Should -BeExactly (Get-GrantsJson $orig.Jwt)
    }

    It 'a mix of every grant, including the deprecated ones' {
        $all = @($GrantCases | Where-Object Name -Match 'all fields|playback|video, room' | ForEach-Object Oracle) + @(
            @{ kind = 'ip_messaging'; serviceSid = $Sids.Service }
            @{ kind = 'rtc'; configurationProfileSid = $Sids.Profile })
        $jwt = New-OracleToken $all
        $again = (ConvertFrom-TwilioAccessToken $jwt).Grants | New-TwilioAccessToken -Identity alice @Mint
        (Get-JwtPart $again.Jwt 1)['grants'].Count | Should -Be 9  # identity + 8 grants
        Get-GrantsJson $again.Jwt | Should -BeExactly (Get-GrantsJson $jwt)
    }
}

Describe 'Composition' {
    It 'refuses a repeated kind, naming it: <Kind>' -ForEach @(
        @{ Kind = 'video'; Make = { New-TwilioVideoGrant } }
        @{ Kind = 'chat'; Make = { New-TwilioChatGrant -ServiceSid ('IS' + '3' * 32) } }
        @{ Kind = 'player'; Make = { New-TwilioPlaybackGrant @{ a = 1 } } }
    ) {
        $err = { @((& $Make), (New-TwilioVoiceGrant), (& $Make)) | New-TwilioAccessToken alice @Mint } |
            Should -Throw -ErrorId 'DuplicateGrant,TwilioTokens.Commands.NewTwilioAccessTokenCommand' -PassThru
        $err.Exception.Message | Should -Match "'$Kind'"
    }

    It 'lets chat and the deprecated ip_messaging share a token (different keys)' {
        $old = [TwilioTokens.IpMessagingGrant]::new(); $old.ServiceSid = $Sids.Service
        $t = @((New-TwilioChatGrant $Sids.Service), $old) | New-TwilioAccessToken alice @Mint
        @((Get-JwtPart $t.Jwt 1)['grants'].Keys | Sort-Object) | Should -Be @('chat', 'identity', 'ip_messaging')
    }
}

Describe 'Grant cmdlets reject bad input' {
    It '<Cmdlet> -<Parameter> refuses a SID of another kind' -ForEach @(
        @{ Cmdlet = 'New-TwilioChatGrant'; Parameter = 'ServiceSid' }
        @{ Cmdlet = 'New-TwilioChatGrant'; Parameter = 'DeploymentRoleSid' }
        @{ Cmdlet = 'New-TwilioChatGrant'; Parameter = 'PushCredentialSid' }
        @{ Cmdlet = 'New-TwilioSyncGrant'; Parameter = 'ServiceSid' }
        @{ Cmdlet = 'New-TwilioTaskRouterGrant'; Parameter = 'WorkspaceSid' }
        @{ Cmdlet = 'New-TwilioTaskRouterGrant'; Parameter = 'WorkerSid' }
    ) {
        $p = @{ $Parameter = $Account }
        if ($Parameter -ne 'ServiceSid' -and $Cmdlet -ne 'New-TwilioTaskRouterGrant') { $p.ServiceSid = $Sids.Service }
        { & $Cmdlet @p } | Should -Throw -ExpectedMessage "*starts with 'AC'*" -ErrorId "ParameterArgumentValidationError,*"
    }

    It 'requires -ServiceSid for chat and sync' {
        (Get-Command New-TwilioChatGrant).Parameters['ServiceSid'].Attributes.Where({ $_ -is [Parameter] }).Mandatory | Should -BeTrue
        (Get-Command New-TwilioSyncGrant).Parameters['ServiceSid'].Attributes.Where({ $_ -is [Parameter] }).Mandatory | Should -BeTrue
    }

    It 'builds playback grants from a hashtable, a PSCustomObject and the pipeline, in order' {
        $fromJson = '{"playbackUrl":"https://example.invalid/a","inner":{"k":[1,2]}}' | ConvertFrom-Json
        $grants = @(@{ playbackUrl = 'https://example.invalid/b' }, $fromJson) | New-TwilioPlaybackGrant
        $grants | Should -HaveCount 2
        $grants[0].Grant['playbackUrl'] | Should -BeExactly 'https://example.invalid/b'
        $grants[1].Grant['inner']['k'] | Should -Be @(1, 2)
        (Get-JwtPart ($grants[1] | New-TwilioAccessToken a @Mint).Jwt 1)['grants']['player'] | ConvertTo-CanonicalJson |
            Should -BeExactly '{"inner":{"k":[1,2]},"playbackUrl":"https://example.invalid/a"}'
    }

    It 'takes the grant out of a whole PlaybackGrant resource (Invoke-RestMethod''s answer)' {
        $resource = '{"sid":"VJ1","url":"https://media.twilio.com/x","account_sid":"' + $Account + '","grant":{"playbackUrl":"https://example.invalid/c"}}' | ConvertFrom-Json
        ($resource | New-TwilioPlaybackGrant).Grant.Keys | Should -Be @('playbackUrl')
    }

    It 'reports a playback input that is not an object and goes on with the next' {
        $grants = @('just text', @{ ok = 'yes' }) | New-TwilioPlaybackGrant -ErrorVariable errs -ErrorAction SilentlyContinue
        $grants | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidGrantArgument,TwilioTokens.Commands.NewTwilioPlaybackGrantCommand'
    }
}

Describe 'Identity rules per product (a warning, not an error)' {
    It 'warns for <Why>, and still mints' -ForEach @(
        @{ Why = 'a Voice identity with @'; Grant = { New-TwilioVoiceGrant }; Identity = 'alice@example.com'; Pattern = 'letters, digits' }
        @{ Why = 'a Voice identity of 122 characters'; Grant = { New-TwilioVoiceGrant }; Identity = 'a' * 122; Pattern = '121' }
        @{ Why = 'a Video identity with :'; Grant = { New-TwilioVideoGrant }; Identity = 'team:alice'; Pattern = "':'" }
    ) {
        $t = & $Grant | New-TwilioAccessToken -Identity $Identity @Mint -WarningVariable warns -WarningAction SilentlyContinue
        $t.Identity | Should -BeExactly $Identity
        $warns | Should -HaveCount 1
        "$($warns[0])" | Should -Match $Pattern
        (ConvertFrom-TwilioAccessToken $t).Problems.Code | Should -Be @(20106)
    }

    It 'does not warn for identities the product accepts' {
        $null = @((New-TwilioVoiceGrant), (New-TwilioVideoGrant)) | New-TwilioAccessToken -Identity 'alice_42', ('b' * 121) @Mint -WarningVariable warns -WarningAction SilentlyContinue
        $warns | Should -BeNullOrEmpty
        $null = New-TwilioChatGrant $Sids.Service | New-TwilioAccessToken -Identity 'alice@example.com' @Mint -WarningVariable warns -WarningAction SilentlyContinue
        $warns | Should -BeNullOrEmpty
    }

    It 'becomes fatal with -WarningAction Stop' {
        { New-TwilioVoiceGrant | New-TwilioAccessToken -Identity 'a b' @Mint -WarningAction Stop 3>$null } | Should -Throw
    }
}

Describe 'Bulk minting' {
    It 'mints one token per identity for 100,000 identities, reporting the invalid ones and minting the rest' {
        $ids = [string[]]::new(100000)
        for ($i = 0; $i -lt $ids.Length; $i++) { $ids[$i] = "user$i" }
        $ids[10] = ''; $ids[50000] = ' '; $ids[99999] = "tab`there"
        $count = 0; $unique = [Collections.Generic.HashSet[string]]::new()
        New-TwilioVoiceGrant -IncomingAllow | New-TwilioAccessToken -Identity $ids @Mint -ErrorVariable errs -ErrorAction SilentlyContinue |
            ForEach-Object { $count++; $null = $unique.Add($_.Id) }
        $count | Should -Be 99997
        $unique.Count | Should -Be 99997
        $errs | Should -HaveCount 3
        $errs.TargetObject | Should -Be @('', ' ', "tab`there")
    }

    It 'mints one token per row for 100,000 Import-Csv rows' {
        $csv = Join-Path $TestDrive 'many.csv'
        $lines = [Collections.Generic.List[string]]::new(); $lines.Add('Identity,Team')
        for ($i = 0; $i -lt 100000; $i++) { $lines.Add("user$i,t$($i % 7)") }
        [IO.File]::WriteAllLines($csv, $lines)
        $count = 0
        $last = Import-Csv $csv | New-TwilioAccessToken -Grant (New-TwilioVideoGrant) @Mint | ForEach-Object { $count++; $_.Identity } | Select-Object -Last 1
        $count | Should -Be 100000
        $last | Should -BeExactly 'user99999'
    }
}
