namespace TwilioTokens
{
    /// <summary>What the decoder reads from a token's grants and jti: the identity, the typed grants and the id.
    /// <see cref="DecodedAccessToken"/> keeps the identity, and reads the grants and the id from its text again when
    /// one is first asked for.</summary>
    internal sealed class TokenContent
    {
        internal TokenContent(string identity, TwilioGrant[] grants, string id)
        {
            Identity = identity;
            Grants = grants;
            Id = id;
        }

        public string Identity { get; }

        public TwilioGrant[] Grants { get; }

        public string Id { get; }
    }
}
