# A secret never appears in output, errors, verbose or debug streams, ToString(), Format-List * or ConvertTo-Json.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-BuiltModule
    $script:Secret = Get-FakeSecretText
    $script:Cred = Get-FakeCredential
    $script:Account = Get-FakeAccountSid
    $script:SecretBase64 = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($Secret))

    function script:Assert-NoSecret([object[]] $Items) {
        foreach ($item in $Items) {
            $texts = @("$item", ($item | Format-List * -Force | Out-String -Width 500), ($item | Format-Table * | Out-String -Width 500))
            if ($item -is [Management.Automation.ErrorRecord]) {
                # Not ConvertTo-Json: an ErrorRecord's graph (exception, reflection, session state) is enormous.
                $texts += $item.Exception.ToString(); $texts += "$($item.ErrorDetails)"; $texts += "$($item.TargetObject)"
            }
            elseif ($item -isnot [string] -and $item -isnot [Management.Automation.InformationalRecord]) {
                $texts += ($item | ConvertTo-Json -Depth 8 -WarningAction SilentlyContinue)
            }
            foreach ($text in $texts) {
                $text | Should -Not -Match ([regex]::Escape($Secret))
                $text | Should -Not -Match ([regex]::Escape($SecretBase64))
            }
        }
    }
}

Describe 'Secrets stay secret' {
    It 'in every stream of minting, with -Verbose and -Debug' {
        $all = New-TwilioVoiceGrant -IncomingAllow | New-TwilioAccessToken alice, bob -AccountSid $Account -Credential $Cred -Verbose -Debug *>&1
        $all | Should -Not -BeNullOrEmpty
        @($all | Where-Object { $_ -is [Management.Automation.VerboseRecord] }) | Should -Not -BeNullOrEmpty
        Assert-NoSecret $all
    }

    It 'in every stream of decoding and verifying, with -Verbose and -Debug' {
        $t = New-TwilioAccessToken alice -AccountSid $Account -Credential $Cred
        $all = @($t.Jwt, 'not-a-token') | ConvertFrom-TwilioAccessToken -Credential $Cred -Verbose -Debug -ErrorAction Continue *>&1
        @($all | Where-Object { $_ -is [TwilioTokens.DecodedAccessToken] }) | Should -HaveCount 1
        Assert-NoSecret $all
    }

    It 'in errors about credentials' {
        $errs = @()
        foreach ($case in @(
                { New-TwilioAccessToken alice -AccountSid $Account -Credential ([pscredential]::new($Account, $Cred.Password)) },
                { New-TwilioAccessToken alice -AccountSid $Account -Credential ([pscredential]::new('SKbad', $Cred.Password)) },
                { New-TwilioAccessToken alice -AccountSid 'nope' -Credential $Cred })) {
            try { & $case } catch { $errs += $_ }
        }
        $errs | Should -HaveCount 3
        Assert-NoSecret $errs
    }

    It 'when the secret comes from TWILIO_API_SECRET' {
        try {
            $env:TWILIO_API_KEY = Get-FakeApiKeySid
            $env:TWILIO_API_SECRET = $Secret
            $all = New-TwilioAccessToken alice -AccountSid $Account -Verbose -Debug *>&1
            Assert-NoSecret $all
        }
        finally {
            Remove-Item Env:TWILIO_API_KEY, Env:TWILIO_API_SECRET -ErrorAction SilentlyContinue
        }
    }

    It 'is not a property of any object the module returns' {
        $t = New-TwilioAccessToken alice -AccountSid $Account -Credential $Cred
        $d = ConvertFrom-TwilioAccessToken $t -Credential $Cred
        foreach ($o in @($t, $d)) {
            $o.PSObject.Properties.Name | Where-Object { $_ -match 'Secret|Password|Credential' } | Should -BeNullOrEmpty
        }
        Assert-NoSecret @($t, $d)
    }
}
