using System;
using System.Collections;
using System.Collections.Specialized;
using System.Security.Cryptography;
using System.Text;
using TwilioTokens.Internal;

namespace TwilioTokens
{
    /// <summary>A token taken apart by ConvertFrom-TwilioAccessToken: who, what, until when, whether it is signed
    /// right, and what Twilio would object to.</summary>
    public sealed class DecodedAccessToken
    {
        private readonly long? _secondsToExpiry;

        /// <param name="now">When the token is decoded, in Unix seconds: <see cref="ExpiresIn"/> counts from it.</param>
        internal DecodedAccessToken(OrderedDictionary header, OrderedDictionary claims, string identity, string region,
            string apiKeySid, string accountSid, string id, TwilioGrant[] grants, long? issuedAt, long? notBefore,
            long? expiresAt, long now, SignatureStatus signatureStatus, TokenProblem[] problems)
        {
            Header = header;
            Claims = claims;
            Identity = identity;
            Region = region;
            ApiKeySid = apiKeySid;
            AccountSid = accountSid;
            Id = id;
            Grants = grants;
            IssuedAt = ToDateTime(issuedAt);
            NotBefore = ToDateTime(notBefore);
            ExpiresAt = ToDateTime(expiresAt);
            _secondsToExpiry = expiresAt - now;
            SignatureStatus = signatureStatus;
            Problems = problems;
        }

        /// <summary>The JOSE header as decoded.</summary>
        public OrderedDictionary Header { get; }

        /// <summary>The payload as decoded.</summary>
        public OrderedDictionary Claims { get; }

        /// <summary>The token's <c>grants.identity</c>.</summary>
        public string Identity { get; private set; }

        /// <summary>The token's <c>sub</c>.</summary>
        public string AccountSid { get; }

        /// <summary>The token's <c>iss</c>: the API key that signed it. Pipe to Remove-TwilioApiKey to revoke it.</summary>
        public string ApiKeySid { get; }

        /// <summary>The token's <c>jti</c>.</summary>
        public string Id { get; }

        /// <summary>The header <c>twr</c>.</summary>
        public string Region { get; }

        /// <summary>UTC.</summary>
        public DateTime? IssuedAt { get; }

        /// <summary>UTC.</summary>
        public DateTime? NotBefore { get; }

        /// <summary>UTC.</summary>
        public DateTime? ExpiresAt { get; }

        public DateTime? IssuedAtLocal => IssuedAt?.ToLocalTime();

        public DateTime? NotBeforeLocal => NotBefore?.ToLocalTime();

        public DateTime? ExpiresAtLocal => ExpiresAt?.ToLocalTime();

        /// <summary>Time left until expiry when decoded; negative once expired.</summary>
        public TimeSpan? ExpiresIn => _secondsToExpiry.HasValue ? TimeSpan.FromSeconds(_secondsToExpiry.Value) : (TimeSpan?)null;

        /// <summary>True when the token had expired when it was decoded.</summary>
        public bool IsExpired => _secondsToExpiry <= 0;

        /// <summary>Typed grants; pipe them into New-TwilioAccessToken to mint the same grants again.</summary>
        public TwilioGrant[] Grants { get; }

        /// <summary>About the signature alone: an expired token with a correct signature is Valid.</summary>
        public SignatureStatus SignatureStatus { get; }

        /// <summary>What Twilio would reject, each with its error number; empty for a healthy token.</summary>
        public TokenProblem[] Problems { get; }

        /// <summary>True when the identity was replaced by <see cref="MaskIdentity"/>.</summary>
        public bool IsIdentityMasked { get; private set; }

        /// <summary>Replaces the identity, here and in <see cref="Claims"/>, with <c>masked:</c> and the first 8 hex
        /// digits of its SHA-256: still comparable between two decoded tokens, no longer readable.</summary>
        internal void MaskIdentity()
        {
            if (Identity == null || IsIdentityMasked)
            {
                return;
            }

            Identity = Mask(Identity);
            IsIdentityMasked = true;
            if (Claims["grants"] is IDictionary grants && grants.Contains(GrantReader.IdentityKey))
            {
                grants[GrantReader.IdentityKey] = Identity;
            }
        }

        private static DateTime? ToDateTime(long? seconds) => seconds.HasValue ? UnixTime.ToDateTime(seconds.Value) : (DateTime?)null;

        internal static string Mask(string identity)
        {
            using (SHA256 sha = SHA256.Create())
            {
                byte[] hash = sha.ComputeHash(Encoding.UTF8.GetBytes(identity));
                var text = new StringBuilder("masked:", 15);
                for (int i = 0; i < 4; i++) text.Append(hash[i].ToString("x2"));
                return text.ToString();
            }
        }
    }
}
