namespace TwilioTokens.Internal
{
    /// <summary>How far <see cref="ITokenEngine.Skim"/> got with a token.</summary>
    public enum SkimStatus
    {
        /// <summary>Not in the common shape (or not a token at all): read it in full, which also says what is wrong.</summary>
        NotRead,

        /// <summary>In the common shape, but its grants (apart from the identity) are not the ones remembered: read it
        /// in full, then remember its grants (<see cref="SkimmedToken.GrantsTail"/>) for the tokens that follow.</summary>
        GrantsUnknown,

        /// <summary>Read: every field of <see cref="SkimmedToken"/> is set, and the grants are the ones remembered.</summary>
        Read,
    }

    /// <summary>
    /// What the decoder needs from a token in the shape every minter writes (a compact header the run has seen,
    /// registered claims as plain strings and whole seconds, <c>grants</c> with the identity first and the same grants
    /// as the token before), read without building the JSON objects: most tokens of a run differ only in identity, id
    /// and times. Not meant for scripts.
    /// </summary>
    public struct SkimmedToken
    {
        /// <summary>The run's shared header (read-only).</summary>
        public JsonObject Header;

        /// <summary><c>iss</c>, or null when absent.</summary>
        public string ApiKeySid;

        /// <summary><c>sub</c>, or null when absent.</summary>
        public string AccountSid;

        /// <summary>Unix seconds, between 0 and the end of 9999, or null when absent; so NotBefore and ExpiresAt.</summary>
        public long? IssuedAt;

        public long? NotBefore;

        public long? ExpiresAt;

        /// <summary><c>grants.identity</c>.</summary>
        public string Identity;

        /// <summary>Where the token's second dot is: the signing input is the text before it.</summary>
        public int SigningInputLength;

        /// <summary>The MAC, when it was asked for.</summary>
        public byte[] Signature;

        /// <summary>With <see cref="SkimStatus.GrantsUnknown"/>: the bytes of <c>grants</c> after the identity, up to
        /// and including its closing brace, to remember once the token is read in full.</summary>
        public byte[] GrantsTail;
    }
}
