namespace TwilioTokens.Internal
{
    /// <summary>Stable ErrorIds: scripts match on these (<c>$_.FullyQualifiedErrorId -like 'InvalidIdentity,*'</c>),
    /// so a published one is never renamed.</summary>
    internal static class ErrorIds
    {
        public const string AccountSidMissing = "AccountSidMissing";
        public const string InvalidAccountSid = "InvalidAccountSid";
        public const string ApiKeyMissing = "ApiKeyMissing";
        public const string InvalidApiKeySid = "InvalidApiKeySid";
        public const string AccountSidGivenAsApiKeySid = "AccountSidGivenAsApiKeySid";
        public const string ApiKeySecretMissing = "ApiKeySecretMissing";
        public const string ApiKeySecretTooShort = "ApiKeySecretTooShort";
        public const string InvalidIdentity = "InvalidIdentity";
        public const string DuplicateGrant = "DuplicateGrant";
        public const string NotBeforeAfterExpiry = "NotBeforeAfterExpiry";
        public const string InvalidTtl = "InvalidTtl";
        public const string IdentityPropertyMissing = "IdentityPropertyMissing";
        public const string GrantInputConflict = "GrantInputConflict";
        public const string InvalidGrantArgument = "InvalidGrantArgument";
        public const string InvalidGrantValue = "InvalidGrantValue";
        public const string TokenSigningFailed = "TokenSigningFailed";
        public const string TokenClaimInvalid = "TokenClaimInvalid";

        // Twilio's REST API (the API key cmdlets): arguments, checked before anything is sent.
        public const string RestCredentialMissing = "RestCredentialMissing";
        public const string InvalidRestCredential = "InvalidRestCredential";
        public const string InvalidApiBaseUri = "InvalidApiBaseUri";
        public const string InvalidRegion = "InvalidRegion";
        public const string InvalidEdge = "InvalidEdge";
        public const string InvalidPermission = "InvalidPermission";
        public const string NothingToSet = "NothingToSet";

        // Twilio's REST API: what came back. $_.Exception is a TwilioApiException with Twilio's code and more_info.
        public const string TwilioApiNotFound = "TwilioApiNotFound";
        public const string TwilioApiAccessDenied = "TwilioApiAccessDenied";
        public const string TwilioApiUnavailable = "TwilioApiUnavailable";
        public const string TwilioApiRequestRejected = "TwilioApiRequestRejected";
        public const string TwilioApiConnectionFailed = "TwilioApiConnectionFailed";
        public const string TwilioApiTimeout = "TwilioApiTimeout";
        public const string TwilioApiInvalidResponse = "TwilioApiInvalidResponse";
        public const string TwilioApiConnectionLost = "TwilioApiConnectionLost";
        public const string TwilioApiResponseTooLarge = "TwilioApiResponseTooLarge";

        /// <summary>Format errors take their id from <see cref="TokenFormatError"/>: Token + the value's name.</summary>
        public static string ForFormatError(TokenFormatError error) => "Token" + error;
    }
}
