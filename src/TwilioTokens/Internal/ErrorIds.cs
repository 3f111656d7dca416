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
        public const string InvalidGrantArgument = "InvalidGrantArgument";
        public const string TokenSigningFailed = "TokenSigningFailed";
        public const string TokenClaimInvalid = "TokenClaimInvalid";

        /// <summary>Format errors take their id from <see cref="TokenFormatError"/>: Token + the value's name.</summary>
        public static string ForFormatError(TokenFormatError error) => "Token" + error;
    }
}
