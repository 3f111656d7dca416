using System.Collections.Generic;

namespace TwilioTokens.Internal
{
    /// <summary>
    /// The claims of one access token, handed to <see cref="ISigningKey.SignAccessToken"/>. The engine writes the header
    /// <c>alg</c>, <c>cty</c>, <c>twr</c> (when <see cref="Region"/> is set), <c>typ</c>, and the payload in this order:
    /// jti, iss, sub, iat, nbf (when set), exp, grants (identity when set, then each grant).
    /// </summary>
    internal sealed class AccessTokenClaims
    {
        public const string ContentType = "twilio-fpa;v=1";

        public string Id { get; set; }

        /// <summary>The API key SID.</summary>
        public string Issuer { get; set; }

        /// <summary>The Account SID.</summary>
        public string Subject { get; set; }

        public long IssuedAt { get; set; }

        public long? NotBefore { get; set; }

        public long ExpiresAt { get; set; }

        /// <summary>The header <c>twr</c>; left out when null.</summary>
        public string Region { get; set; }

        /// <summary>grants.identity; left out when null.</summary>
        public string Identity { get; set; }

        /// <summary>Each grant's key and the JSON of its value (<see cref="ITokenEngine.WriteClaimValue"/>), in order;
        /// null or empty for a token without grants.</summary>
        public KeyValuePair<string, byte[]>[] Grants { get; set; }
    }
}
