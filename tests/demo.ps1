<#
.SYNOPSIS
    The README's demo: mints a Voice token from clearly fake credentials and shows it decoded.
#>
[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSAvoidUsingConvertToSecureStringWithPlainText', '',
    Justification = 'The fake secret of the demo, plain text by design.')]
param([Parameter(Mandatory)] [string] $ModulePath)

$ErrorActionPreference = 'Stop'
# The headings go to the information stream, shown in colour on a console, as plain text when redirected.
$InformationPreference = 'Continue'
if ([Console]::IsOutputRedirected) { $PSStyle.OutputRendering = 'PlainText' }
Import-Module (Join-Path $ModulePath 'TwilioTokens.psd1')

# Fake credentials of the right shape: nothing here can reach or sign for a real Twilio account.
$accountSid = 'AC00000000000000000000000000000001'
$signingKey = [pscredential]::new('SK00000000000000000000000000000001',
    (ConvertTo-SecureString 'fake-secret-do-not-use-0123456789' -AsPlainText -Force))

Write-Information "`n$($PSStyle.Foreground.Cyan)== New-TwilioVoiceGrant -IncomingAllow -OutgoingApplicationSid AP... | New-TwilioAccessToken -Identity alice$($PSStyle.Reset)"
$token = New-TwilioVoiceGrant -IncomingAllow -OutgoingApplicationSid 'AP00000000000000000000000000000001' |
    New-TwilioAccessToken -Identity alice -AccountSid $accountSid -Credential $signingKey -Ttl 600
$token | Format-List
Write-Information "$($PSStyle.Foreground.Cyan)== `$token.Jwt: the JWT, on one line to copy$($PSStyle.Reset)"
$token.Jwt

Write-Information "$($PSStyle.Foreground.Cyan)== ConvertFrom-TwilioAccessToken -Credential (checks the signature)$($PSStyle.Reset)"
$decoded = $token | ConvertFrom-TwilioAccessToken -Credential $signingKey
$decoded | Format-List
$decoded.Grants | Format-List
Write-Information "$($PSStyle.Foreground.Cyan)== Header and claims$($PSStyle.Reset)"
$decoded.Header | ConvertTo-Json -Compress
$decoded.Claims | ConvertTo-Json -Depth 5
