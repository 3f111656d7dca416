<#
.SYNOPSIS
    The README's demo: mints a Voice token from clearly fake credentials and shows it decoded.
#>
param([Parameter(Mandatory)] [string] $ModulePath)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $ModulePath 'TwilioTokens.psd1')

# Fake credentials of the right shape: nothing here can reach or sign for a real Twilio account.
$accountSid = 'AC00000000000000000000000000000001'
$signingKey = [pscredential]::new('SK00000000000000000000000000000001',
    (ConvertTo-SecureString 'fake-secret-do-not-use-0123456789' -AsPlainText -Force))

Write-Host "`n== New-TwilioVoiceGrant -IncomingAllow -OutgoingApplicationSid AP… | New-TwilioAccessToken -Identity alice" -ForegroundColor Cyan
$token = New-TwilioVoiceGrant -IncomingAllow -OutgoingApplicationSid 'AP00000000000000000000000000000001' |
    New-TwilioAccessToken -Identity alice -AccountSid $accountSid -Credential $signingKey -Ttl 600
$token | Format-List Identity, AccountSid, ApiKeySid, Id, IssuedAt, ExpiresAt, Jwt

Write-Host "== ConvertFrom-TwilioAccessToken -Credential (checks the signature)" -ForegroundColor Cyan
$decoded = $token | ConvertFrom-TwilioAccessToken -Credential $signingKey
$decoded | Format-List Identity, AccountSid, ApiKeySid, ExpiresAt, ExpiresIn, IsExpired, SignatureStatus, Problems
$decoded.Grants | Format-List
Write-Host "== Header and claims" -ForegroundColor Cyan
$decoded.Header | ConvertTo-Json -Compress
$decoded.Claims | ConvertTo-Json -Depth 5
