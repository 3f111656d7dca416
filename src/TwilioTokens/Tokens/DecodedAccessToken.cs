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
        // The token this was decoded from (the caller's own input); Header and Claims are parsed from it again on first
        // read, and so are the grants and the id (_content). What is kept from decoding is numbers, references to
        // strings shared between the tokens of a run (SIDs, region), the identity (read far more often than the rest:
        // reading it again from the text made `ConvertFrom-... | ForEach-Object Identity` a third slower) and the
        // diagnosis. A script that collects many decoded tokens ($d = $jwts | ConvertFrom-...) holds two objects a token
        // (this one and the identity) where it held four (and a grant more per further grant), and copying those
        // survivors through the GC's generations was most of the decoding time (docs/performance.md).
        private readonly string _token;
        private TokenContent _content;
        private Views _views;

        // The times as the token's seconds, NoTime when absent: half the size of DateTime?s. ExpiresIn is kept as the
        // seconds from decoding to expiry.
        private const long NoTime = -1;
        private readonly long _issuedAt;
        private readonly long _notBefore;
        private readonly long _expiresAt;
        private readonly long _secondsToExpiry;

        /// <param name="issuedAt">Unix seconds, 0 or more, or null when absent; so <paramref name="notBefore"/> and
        /// <paramref name="expiresAt"/>.</param>
        /// <param name="now">When the token is decoded, in Unix seconds: <see cref="ExpiresIn"/> counts from it.</param>
        internal DecodedAccessToken(string token, string identity, string region, string apiKeySid, string accountSid,
            long? issuedAt, long? notBefore, long? expiresAt, long now)
        {
            _token = token;
            Identity = identity;
            Region = region;
            ApiKeySid = apiKeySid;
            AccountSid = accountSid;
            _issuedAt = issuedAt ?? NoTime;
            _notBefore = notBefore ?? NoTime;
            _expiresAt = expiresAt ?? NoTime;
            _secondsToExpiry = expiresAt.HasValue ? expiresAt.Value - now : 0;
        }

        /// <summary>The JOSE header as decoded.</summary>
        public OrderedDictionary Header => GetViews().Header;

        /// <summary>The payload as decoded.</summary>
        public OrderedDictionary Claims => GetViews().Claims;

        /// <summary>The token's <c>grants.identity</c>.</summary>
        public string Identity { get; private set; }

        /// <summary>The token's <c>sub</c>.</summary>
        public string AccountSid { get; }

        /// <summary>The token's <c>iss</c>: the API key that signed it. Pipe to Remove-TwilioApiKey to revoke it.</summary>
        public string ApiKeySid { get; }

        /// <summary>The token's <c>jti</c>.</summary>
        public string Id => GetContent().Id;

        /// <summary>The header <c>twr</c>.</summary>
        public string Region { get; }

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
        /// <remarks>The same objects on every read: a change made to one is still there when read again.</remarks>
        public TwilioGrant[] Grants => GetContent().Grants;

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

        private static DateTime? ToDateTime(long seconds) => seconds == NoTime ? (DateTime?)null : UnixTime.ToDateTime(seconds);

        private TokenContent GetContent()
        {
            TokenContent content = Volatile.Read(ref _content);
            if (content != null)
            {
                return content;
            }

            // The same text read the same way as when it was decoded, so it cannot fail now (its identity, unmasked, is
            // not used). Two threads reading at once may both read it; one copy is published, and both return that one
            // (so Grants are the same objects).
            content = TokenDecoder.ReadContent(_token);
            return Interlocked.CompareExchange(ref _content, content, null) ?? content;
        }

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
