using System;
using System.Collections.Specialized;
using System.Security.Cryptography;
using System.Text;

namespace TwilioTokens
{
    /// <summary>A token taken apart by ConvertFrom-TwilioAccessToken: who, what, until when, whether it is signed
    /// right, and what Twilio would object to.</summary>
    public sealed class DecodedAccessToken
    {
        internal DecodedAccessToken() { }

        /// <summary>The JOSE header as decoded.</summary>
        public OrderedDictionary Header { get; internal set; }

        /// <summary>The payload as decoded.</summary>
        public OrderedDictionary Claims { get; internal set; }

        public string Identity { get; internal set; }

        /// <summary>The token's <c>sub</c>.</summary>
        public string AccountSid { get; internal set; }

        /// <summary>The token's <c>iss</c>: the API key that signed it. Pipe to Remove-TwilioApiKey to revoke it.</summary>
        public string ApiKeySid { get; internal set; }

        /// <summary>The token's <c>jti</c>.</summary>
        public string Id { get; internal set; }

        /// <summary>The header <c>twr</c>.</summary>
        public string Region { get; internal set; }

        /// <summary>UTC.</summary>
        public DateTime? IssuedAt { get; internal set; }

        /// <summary>UTC.</summary>
        public DateTime? NotBefore { get; internal set; }

        /// <summary>UTC.</summary>
        public DateTime? ExpiresAt { get; internal set; }

        public DateTime? IssuedAtLocal => IssuedAt?.ToLocalTime();

        public DateTime? NotBeforeLocal => NotBefore?.ToLocalTime();

        public DateTime? ExpiresAtLocal => ExpiresAt?.ToLocalTime();

        /// <summary>Time left until expiry when decoded; negative once expired.</summary>
        public TimeSpan? ExpiresIn { get; internal set; }

        public bool IsExpired { get; internal set; }

        /// <summary>Typed grants; pipe them into New-TwilioAccessToken to mint the same grants again.</summary>
        public TwilioGrant[] Grants { get; internal set; }

        /// <summary>About the signature alone: an expired token with a correct signature is Valid.</summary>
        public SignatureStatus SignatureStatus { get; internal set; }

        /// <summary>What Twilio would reject, each with its error number; empty for a healthy token.</summary>
        public TokenProblem[] Problems { get; internal set; }

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

            string masked = Mask(Identity);
            Identity = masked;
            if (Claims["grants"] is System.Collections.IDictionary grants && grants.Contains(GrantReader.IdentityKey))
            {
                grants[GrantReader.IdentityKey] = masked;
            }

            IsIdentityMasked = true;
        }

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
