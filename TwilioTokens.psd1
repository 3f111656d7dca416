#
# Module manifest for TwilioTokens. ModuleVersion is stamped by build.ps1 from Directory.Build.props, the one
# place the version is set; edit it there.
#
@{
    RootModule           = 'TwilioTokens.dll'
    ModuleVersion        = '0.0.0'
    CompatiblePSEditions = @('Desktop', 'Core')
    GUID                 = '5f0c3b8e-2d4a-4c61-9a7e-1b6f3d2e8c40'
    Author               = 'TwilioTokens authors'
    CompanyName          = 'TwilioTokens authors'
    Copyright            = '(c) 2026 TwilioTokens authors. MIT License.'
    Description          = 'Mint, decode, diagnose and revoke Twilio Access Tokens: binary cmdlets for every Twilio grant, offline verification with Twilio''s error codes, and API key management.'
    PowerShellVersion    = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    CmdletsToExport      = @(
        'New-TwilioAccessToken'
        'New-TwilioVoiceGrant'
        'New-TwilioVideoGrant'
        'New-TwilioChatGrant'
        'New-TwilioSyncGrant'
        'New-TwilioTaskRouterGrant'
        'New-TwilioPlaybackGrant'
        'ConvertFrom-TwilioAccessToken'
        'Test-TwilioAccessToken'
        'New-TwilioApiKey'
        'Get-TwilioApiKey'
        'Set-TwilioApiKey'
        'Remove-TwilioApiKey'
    )
    FormatsToProcess     = @('TwilioTokens.Format.ps1xml')
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Twilio', 'AccessToken', 'JWT', 'Voice', 'Video', 'Conversations', 'ApiKey', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://github.com/twiliotokens/TwilioTokens/blob/main/LICENSE'
            ProjectUri   = 'https://github.com/twiliotokens/TwilioTokens'
            ReleaseNotes = 'First release: mint Access Tokens with every Twilio grant (New-TwilioAccessToken, New-Twilio*Grant), decode and diagnose them offline (ConvertFrom-TwilioAccessToken, Test-TwilioAccessToken), create, list and delete API keys over Twilio''s REST API, deleting a key revoking every token it signed (New-, Get-, Remove-TwilioApiKey). Its IdentityModel and System.Text.Json load privately, beside any other module''s versions.'
        }
    }
}
