using System.Collections.Generic;

namespace TwilioTokens.Internal
{
    /// <summary>
    /// The claims of one access token, handed to <see cref="ISigningKey.SignAccessToken"/>, which writes them in this
    /// order: jti, iss, sub, iat, nbf (when set), exp, grants (identity, then each grant). One instance is refilled for
    /// every token of a run; the engine keeps nothing from it but the serialised form of the claims that stay the same
    /// (<see cref="IAccessTokenText"/>). Not meant for scripts.
    /// </summary>
    public sealed class AccessTokenClaims
    {
        /// <summary>Header claims besides alg and typ (cty, twr).</summary>
        public IDictionary<string, object> ExtraHeader { get; set; }

        /// <summary>The jti: <see cref="Issuer"/>, '-', and the hex digits of <see cref="IdHigh"/> and
        /// <see cref="IdLow"/> (<see cref="TokenId"/>). The writer writes it from the numbers, without this string.</summary>
        public string Id => TokenId.Format(Issuer, IdHigh, IdLow);

        /// <summary>The first 64 random bits of the jti.</summary>
        public ulong IdHigh { get; set; }

        /// <summary>The last 64 random bits of the jti.</summary>
        public ulong IdLow { get; set; }

        /// <summary>The API key SID: the iss, and the start of the jti.</summary>
        public string Issuer { get; set; }

        public string Subject { get; set; }

        public long IssuedAt { get; set; }

        public long? NotBefore { get; set; }

        public long ExpiresAt { get; set; }

        /// <summary>grants.identity; left out when null.</summary>
        public string Identity { get; set; }

        /// <summary>Each grant's key and claim value, in order. The array and what it holds must not change once handed
        /// over: the engine serialises it once and reuses that while the same array comes back.</summary>
        public KeyValuePair<string, object>[] Grants { get; set; }

        /// <summary>The same claims as the dictionaries <see cref="ISigningKey.CreateToken"/> takes.</summary>
        public Dictionary<string, object> ToPayload()
        {
            var grants = new Dictionary<string, object>();
            if (Identity != null)
            {
                grants.Add("identity", Identity);
            }

            foreach (KeyValuePair<string, object> grant in Grants ?? new KeyValuePair<string, object>[0])
            {
                grants.Add(grant.Key, grant.Value);
            }

            var payload = new Dictionary<string, object>
            {
                { "jti", Id },
                { "iss", Issuer },
                { "sub", Subject },
                { "iat", IssuedAt },
            };
            if (NotBefore.HasValue)
            {
                payload.Add("nbf", NotBefore.Value);
            }

            payload.Add("exp", ExpiresAt);
            payload.Add("grants", grants);
            return payload;
        }
    }
}
