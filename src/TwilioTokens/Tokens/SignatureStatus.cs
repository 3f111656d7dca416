namespace TwilioTokens
{
    /// <summary>What is known about a token's signature alone (not its times or claims).</summary>
    public enum SignatureStatus
    {
        /// <summary>No secret was given, so the signature was not checked.</summary>
        NotChecked,

        /// <summary>HS256 and the MAC matches the secret given.</summary>
        Valid,

        /// <summary>The MAC does not match, or the header names an algorithm other than HS256.</summary>
        Invalid,
    }
}
