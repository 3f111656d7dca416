using System;
using System.Collections.Specialized;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using TwilioTokens.Internal;

namespace TwilioTokens
{
    /// <summary>A token taken apart by ConvertFrom-TwilioAccessToken: who, what, until when, whether it is signed
    /// right, and what Twilio would object to.</summary>
    public sealed class DecodedAccessToken
    {
        // The token this was decoded from; Header and Claims are parsed from it again on first read. Kept instead of
        // the dictionaries the decoder read: a script that collects many decoded tokens ($d = $jwts | ConvertFrom-...)
        // kept five OrderedDictionaries (about 2 KB) per token alive, and copying those survivors through the GC's
        // generations was most of the decoding time (docs/performance.md). The string is the caller's own input.
        private readonly string _token;
        private Views _views;
        private string _id;

        // The times as the token's seconds, NoTime when absent: half the size of DateTime?s, for the same reason as
        // _token. ExpiresIn is kept as the seconds from decoding to expiry.
        private const long NoTime = -1;
        private long _issuedAt = NoTime;
        private long _notBefore = NoTime;
        private long _expiresAt = NoTime;
        private long _secondsToExpiry;

        internal DecodedAccessToken(string token)
        {
            _token = token;
        }

        /// <summary>The JOSE header as decoded.</summary>
        public OrderedDictionary Header => GetViews().Header;

        /// <summary>The payload as decoded.</summary>
        public OrderedDictionary Claims => GetViews().Claims;

        public string Identity { get; internal set; }

        /// <summary>The token's <c>sub</c>.</summary>
        public string AccountSid { get; internal set; }

        /// <summary>The token's <c>iss</c>: the API key that signed it. Pipe to Remove-TwilioApiKey to revoke it.</summary>
        public string ApiKeySid { get; internal set; }

        /// <summary>The token's <c>jti</c>.</summary>
        /// <remarks>Read from the token text when first asked for, not kept from decoding: a script that collects many
        /// decoded tokens kept 160 bytes of id per token that it seldom reads, and the survivors' bytes are what the
        /// garbage collector copies (docs/performance.md). The decoder has already checked that it is a string.</remarks>
        public string Id => _id ?? (_id = EngineHost.Engine.Parse(_token).PayloadFields["jti"] as string);

        /// <summary>The header <c>twr</c>.</summary>
        public string Region { get; internal set; }

        /// <summary>UTC.</summary>
        public DateTime? IssuedAt => ToDateTime(_issuedAt);

        /// <summary>UTC.</summary>
        public DateTime? NotBefore => ToDateTime(_notBefore);

        /// <summary>UTC.</summary>
        public DateTime? ExpiresAt => ToDateTime(_expiresAt);

        public DateTime? IssuedAtLocal => IssuedAt?.ToLocalTime();

        public DateTime? NotBeforeLocal => NotBefore?.ToLocalTime();

        public DateTime? ExpiresAtLocal => ExpiresAt?.ToLocalTime();

        /// <summary>Time left until expiry when decoded; negative once expired.</summary>
        public TimeSpan? ExpiresIn => _expiresAt == NoTime ? (TimeSpan?)null : TimeSpan.FromSeconds(_secondsToExpiry);

        /// <summary>True when the token had expired when it was decoded.</summary>
        public bool IsExpired => _expiresAt != NoTime && _secondsToExpiry <= 0;

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
            IsIdentityMasked = true;
            Views views = Volatile.Read(ref _views);
            if (views != null)
            {
                MaskIn(views.Claims, masked);
            }
        }

        /// <summary>Sets the token's times (Unix seconds, 0 or more, or null when absent) as read at
        /// <paramref name="now"/>.</summary>
        internal void SetTimes(long? issuedAt, long? notBefore, long? expiresAt, long now)
        {
            _issuedAt = issuedAt ?? NoTime;
            _notBefore = notBefore ?? NoTime;
            _expiresAt = expiresAt ?? NoTime;
            _secondsToExpiry = expiresAt.HasValue ? expiresAt.Value - now : 0;
        }

        private static DateTime? ToDateTime(long seconds) => seconds == NoTime ? (DateTime?)null : UnixTime.ToDateTime(seconds);

        private Views GetViews()
        {
            Views views = Volatile.Read(ref _views);
            if (views != null)
            {
                return views;
            }

            // The same text parsed the same way as when it was decoded, so it cannot fail now. Two threads reading at
            // once may both parse; each copy is complete (masked first) before it is published, and one of them wins.
            ParsedJwt parsed = EngineHost.Engine.Parse(_token);
            views = new Views(parsed.Header, parsed.Payload);
            if (IsIdentityMasked)
            {
                MaskIn(views.Claims, Identity);
            }

            return Interlocked.CompareExchange(ref _views, views, null) ?? views;
        }

        private static void MaskIn(OrderedDictionary claims, string masked)
        {
            if (claims["grants"] is System.Collections.IDictionary grants && grants.Contains(GrantReader.IdentityKey))
            {
                grants[GrantReader.IdentityKey] = masked;
            }
        }

        private sealed class Views
        {
            public Views(OrderedDictionary header, OrderedDictionary claims)
            {
                Header = header;
                Claims = claims;
            }

            public OrderedDictionary Header { get; }

            public OrderedDictionary Claims { get; }
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
