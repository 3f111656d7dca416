using System;
using System.Threading;
using TwilioTokens.Internal;

namespace TwilioTokens
{
    /// <summary>A minted access token. <see cref="ToString"/> is the compact JWT, so the object can be used wherever
    /// the token text is wanted. It never holds the secret that signed it.</summary>
    public sealed class AccessToken
    {
        // The text is not kept until it is first read: only what varies between the tokens of a run (identity, id, times)
        // and the MAC, with the claims that stay the same held once for the run by _text. A script that mints many tokens
        // and keeps them ($tokens = Import-Csv ... | New-TwilioAccessToken) then holds about 170 bytes a token instead of
        // about 650, and those bytes are what the garbage collector copies and the process commits (docs/performance.md).
        // Reading Jwt writes the same bytes again that were signed; the engine's tests hold it to that.
        private readonly IAccessTokenText _text;
        private readonly TokenMac _mac;
        private string _jwt;
        private readonly ulong _idHigh;
        private readonly ulong _idLow;
        private readonly long _issuedAt;
        private readonly long _expiresAt;
        private string _id;

        internal AccessToken(IAccessTokenText text, TokenMac mac, string identity, string accountSid, string apiKeySid,
            ulong idHigh, ulong idLow, long issuedAt, DateTime? notBefore, long expiresAt, string region, TwilioGrant[] grants)
        {
            _text = text;
            _mac = mac;
            Identity = identity;
            AccountSid = accountSid;
            ApiKeySid = apiKeySid;
            _idHigh = idHigh;
            _idLow = idLow;
            _issuedAt = issuedAt;
            NotBefore = notBefore;
            _expiresAt = expiresAt;
            Region = region;
            Grants = grants;
        }

        /// <summary>The compact JWT to hand to a client SDK.</summary>
        public string Jwt
        {
            get
            {
                string jwt = Volatile.Read(ref _jwt);
                if (jwt == null)
                {
                    // Two threads reading it first both write the same text; either copy may be the one kept.
                    jwt = _text.Write(Identity, _idHigh, _idLow, _issuedAt, _expiresAt, _mac);
                    Volatile.Write(ref _jwt, jwt);
                }

                return jwt;
            }
        }

        public string Identity { get; }

        /// <summary>The account (AC…), the token's <c>sub</c>.</summary>
        public string AccountSid { get; }

        /// <summary>The API key (SK…) that signed the token, its <c>iss</c>. Deleting this key revokes the token.</summary>
        public string ApiKeySid { get; }

        /// <summary>The token id, its <c>jti</c>.</summary>
        public string Id => _id ?? (_id = TokenId.Format(ApiKeySid, _idHigh, _idLow));

        /// <summary>UTC.</summary>
        public DateTime IssuedAt => UnixTime.ToDateTime(_issuedAt);

        /// <summary>UTC; only when -NotBefore was given.</summary>
        public DateTime? NotBefore { get; }

        /// <summary>UTC.</summary>
        public DateTime ExpiresAt => UnixTime.ToDateTime(_expiresAt);

        /// <summary>The header <c>twr</c>, when a region was given.</summary>
        public string Region { get; }

        public TwilioGrant[] Grants { get; }

        public override string ToString() => Jwt;
    }
}
