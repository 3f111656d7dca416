using System;
using System.Collections;
using System.Collections.Generic;
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
            IssuedAt = ToTime(issuedAt);
            NotBefore = ToTime(notBefore);
            ExpiresAt = ToTime(expiresAt);
            _secondsToExpiry = expiresAt - now;
            SignatureStatus = signatureStatus.ToString();
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

        /// <summary>UTC (offset +00:00); <c>.LocalDateTime</c> is the local time.</summary>
        public DateTimeOffset? IssuedAt { get; }

        public DateTimeOffset? NotBefore { get; }

        public DateTimeOffset? ExpiresAt { get; }

        /// <summary>Time left until expiry when decoded; negative once expired.</summary>
        public TimeSpan? ExpiresIn => _secondsToExpiry.HasValue ? TimeSpan.FromSeconds(_secondsToExpiry.Value) : (TimeSpan?)null;

        /// <summary>True when the token had expired when it was decoded.</summary>
        public bool IsExpired => _secondsToExpiry <= 0;

        /// <summary>Typed grants; pipe them into New-TwilioAccessToken to mint the same grants again.</summary>
        public TwilioGrant[] Grants { get; private set; }

        /// <summary>About the signature alone: an expired token with a correct signature is Valid. The name of a
        /// <see cref="TwilioTokens.SignatureStatus"/> value, so that it compares (<c>-eq 'Valid'</c>) and serialises as one.</summary>
        public string SignatureStatus { get; }

        /// <summary>What Twilio would reject, each with its error number; empty for a healthy token.</summary>
        public TokenProblem[] Problems { get; }

        /// <summary>True when the identity was replaced by <see cref="MaskIdentity"/>.</summary>
        public bool IsIdentityMasked { get; private set; }

        /// <summary>Replaces the identity, wherever it occurs in Identity, Claims and Grants (also inside values
        /// such as an endpoint_id), with <c>masked:</c> and 16 hex digits of its HMAC-SHA256 under a key random to
        /// this session: tokens of one session still compare, and no dictionary reverses it.</summary>
        internal void MaskIdentity()
        {
            if (string.IsNullOrEmpty(Identity) || IsIdentityMasked)
            {
                return;
            }

            string identity = Identity;
            Identity = Mask(identity);
            IsIdentityMasked = true;
            if (Claims["grants"] is OrderedDictionary grants)
            {
                MaskIn(grants, identity, Identity);
                // Read again as decoding read them; what they have wrong is already in Problems.
                Grants = TokenDecoder.DecodedFor(TokenDecoder.ReadGrants(Claims, new List<TokenProblem>(), out _), Identity);
            }
        }

        private static object MaskIn(object value, string identity, string masked)
        {
            switch (value)
            {
                case string text:
                    return text.Replace(identity, masked);
                case OrderedDictionary map:
                    foreach (object key in new ArrayList(map.Keys)) map[key] = MaskIn(map[key], identity, masked);
                    return map;
                case object[] items:
                    for (int i = 0; i < items.Length; i++) items[i] = MaskIn(items[i], identity, masked);
                    return items;
                default:
                    return value;
            }
        }

        private static DateTimeOffset? ToTime(long? seconds) => seconds.HasValue ? UnixTime.ToTime(seconds.Value) : (DateTimeOffset?)null;

        private static readonly Lazy<byte[]> s_maskKey = new Lazy<byte[]>(() =>
        {
            var key = new byte[32];
            using (RandomNumberGenerator random = RandomNumberGenerator.Create()) random.GetBytes(key);
            return key;
        });

        internal static string Mask(string identity)
        {
            using (var hmac = new HMACSHA256(s_maskKey.Value))
            {
                byte[] hash = hmac.ComputeHash(Encoding.UTF8.GetBytes(identity));
                var text = new StringBuilder("masked:", 23);
                for (int i = 0; i < 8; i++) text.Append(hash[i].ToString("x2"));
                return text.ToString();
            }
        }
    }
}
