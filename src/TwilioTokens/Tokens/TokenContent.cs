namespace TwilioTokens
{
    /// <summary>The parts of a decoded token that are its own objects rather than numbers or shared strings: the
    /// identity, the typed grants and the id. <see cref="DecodedAccessToken"/> reads them from its text when one is first
    /// asked for.</summary>
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

        internal TokenContent WithIdentity(string identity) => new TokenContent(identity, Grants, Id);
    }
}
