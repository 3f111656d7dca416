using System;

namespace TwilioTokens
{
    /// <summary>A minted access token. <see cref="ToString"/> is the compact JWT, so the object can be used wherever
    /// the token text is wanted. It never holds the secret that signed it.</summary>
    public sealed class AccessToken
    {
        internal AccessToken(string jwt, string identity, string accountSid, string apiKeySid, string id, DateTimeOffset issuedAt,
            DateTimeOffset? notBefore, DateTimeOffset expiresAt, string region, TwilioGrant[] grants)
        {
            Jwt = jwt;
            Identity = identity;
            AccountSid = accountSid;
            ApiKeySid = apiKeySid;
            Id = id;
            IssuedAt = issuedAt;
            NotBefore = notBefore;
            ExpiresAt = expiresAt;
            Region = region;
            Grants = grants;
        }

        /// <summary>The compact JWT to hand to a client SDK. Not in the default views, which would wrap it: use
        /// <c>$token.Jwt</c> (or <c>"$token"</c>) to get it on one line.</summary>
        public string Jwt { get; }

        public string Identity { get; }

        /// <summary>The account (AC…), the token's <c>sub</c>.</summary>
        public string AccountSid { get; }

        /// <summary>The API key (SK…) that signed the token, its <c>iss</c>. Deleting this key revokes the token.</summary>
        public string ApiKeySid { get; }

        /// <summary>The token id, its <c>jti</c>.</summary>
        public string Id { get; }

        /// <summary>UTC.</summary>
        public DateTimeOffset IssuedAt { get; }

        /// <summary>UTC; only when -NotBefore was given.</summary>
        public DateTimeOffset? NotBefore { get; }

        /// <summary>UTC.</summary>
        public DateTimeOffset ExpiresAt { get; }

        /// <summary>The header <c>twr</c>, when a region was given.</summary>
        public string Region { get; }

        public TwilioGrant[] Grants { get; }

        public override string ToString() => Jwt;
    }
}
