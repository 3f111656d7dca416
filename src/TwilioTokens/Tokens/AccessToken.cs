using System;
using System.Threading;
using TwilioTokens.Internal;

namespace TwilioTokens
{
    /// <summary>A minted access token. <see cref="ToString"/> is the compact JWT, so the object can be used wherever
    /// the token text is wanted. It never holds the secret that signed it.</summary>
    public sealed class AccessToken
    {
        // The text is not kept until it is first read: only what varies between the tokens of a run (identity, id, issue
        // time) and the MAC, with everything the run's tokens share held once by _run, the engine's writer of their text
        // included. A script that mints many tokens and keeps them ($tokens = Import-Csv ... | New-TwilioAccessToken) then
        // holds 96 bytes a token instead of about 650, and those bytes are what the garbage collector copies and the
        // process commits (docs/performance.md). Reading Jwt writes the same bytes again that were signed; the engine's
        // tests hold it to that.
        private readonly MintingRun _run;
        private readonly TokenMac _mac;
        private readonly ulong _idHigh;
        private readonly ulong _idLow;
        private readonly long _issuedAt;
        private string _jwt;

        internal AccessToken(MintingRun run, TokenMac mac, string identity, ulong idHigh, ulong idLow, long issuedAt)
        {
            _run = run;
            _mac = mac;
            Identity = identity;
            _idHigh = idHigh;
            _idLow = idLow;
            _issuedAt = issuedAt;
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
                    jwt = _run.Text.Write(Identity, _idHigh, _idLow, _issuedAt, ExpiresAtSeconds, _mac);
                    Volatile.Write(ref _jwt, jwt);
                }

                return jwt;
            }
        }

        public string Identity { get; }

        /// <summary>The account (AC…), the token's <c>sub</c>.</summary>
        public string AccountSid => _run.AccountSid;

        /// <summary>The API key (SK…) that signed the token, its <c>iss</c>. Deleting this key revokes the token.</summary>
        public string ApiKeySid => _run.ApiKeySid;

        /// <summary>The token id, its <c>jti</c>; formatted on each read, which few scripts make, rather than held by
        /// every token.</summary>
        public string Id => TokenId.Format(ApiKeySid, _idHigh, _idLow);

        /// <summary>UTC.</summary>
        public DateTime IssuedAt => UnixTime.ToDateTime(_issuedAt);

        /// <summary>UTC; only when -NotBefore was given.</summary>
        public DateTime? NotBefore => _run.NotBefore;

        /// <summary>UTC.</summary>
        public DateTime ExpiresAt => UnixTime.ToDateTime(ExpiresAtSeconds);

        /// <summary>The header <c>twr</c>, when a region was given.</summary>
        public string Region => _run.Region;

        public TwilioGrant[] Grants => _run.Grants;

        private long ExpiresAtSeconds => _issuedAt + _run.TtlSeconds;

        public override string ToString() => Jwt;
    }
}
