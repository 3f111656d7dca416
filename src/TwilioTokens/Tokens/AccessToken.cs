using System;
using System.Text;
using System.Threading;
using TwilioTokens.Internal;

namespace TwilioTokens
{
    /// <summary>A minted access token. <see cref="ToString"/> is the compact JWT, so the object can be used wherever
    /// the token text is wanted. It never holds the secret that signed it.</summary>
    public sealed class AccessToken
    {
        // The token is kept as the ASCII bytes the engine wrote, half the memory of a .NET string, until Jwt is first
        // read; its id as the 16 random numbers it is made of. A script that mints many tokens and keeps them
        // ($tokens = Import-Csv ... | New-TwilioAccessToken) holds about half as many bytes per token, and those bytes
        // are what the garbage collector copies and the process commits (docs/performance.md).
        private byte[] _asciiJwt;
        private string _jwt;
        private readonly ulong _idHigh;
        private readonly ulong _idLow;
        private string _id;

        internal AccessToken(byte[] asciiJwt, string identity, string accountSid, string apiKeySid, ulong idHigh, ulong idLow,
            DateTime issuedAt, DateTime? notBefore, DateTime expiresAt, string region, TwilioGrant[] grants)
        {
            _asciiJwt = asciiJwt;
            Identity = identity;
            AccountSid = accountSid;
            ApiKeySid = apiKeySid;
            _idHigh = idHigh;
            _idLow = idLow;
            IssuedAt = issuedAt;
            NotBefore = notBefore;
            ExpiresAt = expiresAt;
            Region = region;
            Grants = grants;
        }

        /// <summary>The compact JWT to hand to a client SDK.</summary>
        public string Jwt
        {
            get
            {
                string jwt = Volatile.Read(ref _jwt);
                if (jwt != null)
                {
                    return jwt;
                }

                byte[] ascii = Volatile.Read(ref _asciiJwt);
                if (ascii == null)
                {
                    return Volatile.Read(ref _jwt); // another thread turned it into text and published that first
                }

                jwt = Encoding.ASCII.GetString(ascii);
                Volatile.Write(ref _jwt, jwt);
                Volatile.Write(ref _asciiJwt, null);
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
        public DateTime IssuedAt { get; }

        /// <summary>UTC; only when -NotBefore was given.</summary>
        public DateTime? NotBefore { get; }

        /// <summary>UTC.</summary>
        public DateTime ExpiresAt { get; }

        /// <summary>The header <c>twr</c>, when a region was given.</summary>
        public string Region { get; }

        public TwilioGrant[] Grants { get; }

        public override string ToString() => Jwt;
    }
}
