using System;
using System.Collections.Generic;
using System.Text;
using TwilioTokens.Internal;

namespace TwilioTokens.Engine
{
    /// <summary>
    /// Writes an HS256 compact JWS byte for byte as JsonWebTokenHandler.CreateToken does for the claims the module
    /// mints (header <c>alg</c>, the extra header claims, <c>typ</c>; payload claims in dictionary order; the same
    /// System.Text.Json escaping), without its per-token work: the header is encoded once per distinct extra header,
    /// the payload is written by <see cref="ClaimJsonWriter"/> into a reused buffer (an access token's grants once per
    /// grant set), and the token is assembled and signed in one byte buffer. Claim values it cannot write exactly as
    /// IdentityModel does are refused (null) so that the caller falls back to JsonWebTokenHandler.
    /// Not thread-safe: one instance per signing key, used under that key's lock. It never holds the secret.
    /// </summary>
    internal sealed class CompactJwsWriter
    {
        private const int SignatureLength = 32;

        // The fixed parts of an access token's payload, in the order JsonWebTokenHandler writes its claims.
        private static readonly byte[] s_jti = Encoding.ASCII.GetBytes("{\"jti\":");
        private static readonly byte[] s_iss = Encoding.ASCII.GetBytes(",\"iss\":");
        private static readonly byte[] s_sub = Encoding.ASCII.GetBytes(",\"sub\":");
        private static readonly byte[] s_iat = Encoding.ASCII.GetBytes(",\"iat\":");
        private static readonly byte[] s_nbf = Encoding.ASCII.GetBytes(",\"nbf\":");
        private static readonly byte[] s_exp = Encoding.ASCII.GetBytes(",\"exp\":");
        private static readonly byte[] s_grants = Encoding.ASCII.GetBytes(",\"grants\":{");
        private static readonly byte[] s_identity = Encoding.ASCII.GetBytes("\"identity\":");
        private static readonly byte[] s_end = Encoding.ASCII.GetBytes("}}");

        private readonly ClaimJsonWriter _json = new ClaimJsonWriter();

        // Where TryWrite assembles a token before making its text.
        private byte[] _textScratch;

        private KeyValuePair<string, string>[] _cachedHeaderClaims;
        private byte[] _cachedHeader;

        // The serialised grants of the last AccessTokenClaims.Grants array, which does not change once handed over.
        private KeyValuePair<string, object>[] _cachedGrants;
        private byte[] _cachedGrantsJson;

        // The payload's bytes that are the same for every token of one key and account, around the jti's hex digits:
        // '{"jti":"SK…-' and '","iss":"SK…","sub":"AC…","iat":'. Null when the issuer is not plain ASCII, whose jti
        // must then be escaped as a whole.
        private string _fixedIssuer;
        private string _fixedSubject;
        private byte[] _idPrefix;
        private byte[] _afterIdDigits;

        /// <summary>The compact JWS, or null when a header or claim value is of a kind this writer leaves to
        /// JsonWebTokenHandler.</summary>
        /// <param name="sign">HMAC-SHA256 of <c>buffer[offset..offset+count)</c>; its array is read before the next call.</param>
        public string TryWrite(IDictionary<string, object> extraHeader, IDictionary<string, object> payload,
            Func<byte[], int, int, byte[]> sign)
        {
            byte[] header = EncodedHeader(extraHeader);
            _json.Clear();
            if (header == null || payload == null || !_json.TryWriteValue(payload))
            {
                return null;
            }

            int length = TokenLength(header);
            if (_textScratch == null || _textScratch.Length < length)
            {
                _textScratch = new byte[Math.Max(length, 2048)];
            }

            SignToken(header, sign, _textScratch);
            return Encoding.ASCII.GetString(_textScratch, 0, length);
        }

        /// <summary>An access token as ASCII bytes, written as <see cref="TryWrite"/> writes <see cref="AccessTokenClaims.ToPayload"/>
        /// (a C# test compares the two with JsonWebTokenHandler), or null when a grant holds a value this writer leaves
        /// to JsonWebTokenHandler.</summary>
        public byte[] TryWriteAccessToken(AccessTokenClaims claims, Func<byte[], int, int, byte[]> sign)
        {
            byte[] header = EncodedHeader(claims.ExtraHeader);
            byte[] grants = GrantsJson(claims.Grants);
            if (header == null || grants == null || claims.Issuer == null || claims.Subject == null)
            {
                return null;
            }

            ClaimJsonWriter json = _json;
            json.Clear();
            PrepareFixedParts(claims.Issuer, claims.Subject);
            if (_idPrefix != null)
            {
                json.WriteRaw(_idPrefix);
                json.WriteHexDigits(claims.IdHigh, claims.IdLow);
                json.WriteRaw(_afterIdDigits);
            }
            else
            {
                // An issuer that is not a SID: the whole jti is one string, escaped as any other would be.
                json.WriteRaw(s_jti);
                json.WriteString(claims.Id);
                json.WriteRaw(s_iss);
                json.WriteString(claims.Issuer);
                json.WriteRaw(s_sub);
                json.WriteString(claims.Subject);
                json.WriteRaw(s_iat);
            }

            json.WriteInteger(claims.IssuedAt);
            if (claims.NotBefore.HasValue)
            {
                json.WriteRaw(s_nbf);
                json.WriteInteger(claims.NotBefore.Value);
            }

            json.WriteRaw(s_exp);
            json.WriteInteger(claims.ExpiresAt);
            json.WriteRaw(s_grants);
            if (claims.Identity != null)
            {
                json.WriteRaw(s_identity);
                json.WriteString(claims.Identity);
                if (grants.Length > 0) json.WriteByte((byte)',');
            }

            json.WriteRaw(grants);
            json.WriteRaw(s_end);

            // Written straight into an array of the token's length, which the AccessToken keeps.
            var token = new byte[TokenLength(header)];
            SignToken(header, sign, token);
            return token;
        }

        /// <summary>The length of the token <see cref="SignToken"/> makes of this header and the payload in <see cref="_json"/>.</summary>
        private int TokenLength(byte[] header) =>
            header.Length + 1 + Base64Url.EncodedLength(_json.Length) + 1 + Base64Url.EncodedLength(SignatureLength);

        /// <summary>Header, payload (in <see cref="_json"/>) and signature, base64url-encoded and joined by dots, into the
        /// first <see cref="TokenLength"/> bytes of <paramref name="token"/>.</summary>
        private void SignToken(byte[] header, Func<byte[], int, int, byte[]> sign, byte[] token)
        {
            int signingLength = header.Length + 1 + Base64Url.EncodedLength(_json.Length);
            Buffer.BlockCopy(header, 0, token, 0, header.Length);
            int length = header.Length;
            token[length++] = (byte)'.';
            length += Base64Url.Encode(new ReadOnlySpan<byte>(_json.Buffer, 0, _json.Length), new Span<byte>(token, length, token.Length - length));

            byte[] signature = sign(token, 0, signingLength);
            token[length++] = (byte)'.';
            Base64Url.Encode(signature, new Span<byte>(token, length, token.Length - length));
        }

        /// <summary>Makes <see cref="_idPrefix"/> and <see cref="_afterIdDigits"/> for this issuer and subject, unless they
        /// are already for the same strings (a minter hands the same two over for every token).</summary>
        private void PrepareFixedParts(string issuer, string subject)
        {
            if (ReferenceEquals(issuer, _fixedIssuer) && ReferenceEquals(subject, _fixedSubject))
            {
                return;
            }

            _fixedIssuer = issuer;
            _fixedSubject = subject;
            _idPrefix = null;
            _afterIdDigits = null;
            var parts = new ClaimJsonWriter();
            parts.WriteRaw(s_jti);
            if (!parts.TryWritePlainStringStart(issuer))
            {
                return;
            }

            parts.WriteByte((byte)'-');
            _idPrefix = parts.ToArray();

            parts.Clear();
            parts.WriteByte((byte)'"');
            parts.WriteRaw(s_iss);
            parts.WriteString(issuer);
            parts.WriteRaw(s_sub);
            parts.WriteString(subject);
            parts.WriteRaw(s_iat);
            _afterIdDigits = parts.ToArray();
        }

        /// <summary>The grants' members (<c>"voice":{...},"video":{...}</c>), serialised again only when another array
        /// comes; null when one holds a value this writer does not write.</summary>
        private byte[] GrantsJson(KeyValuePair<string, object>[] grants)
        {
            if (grants != null && ReferenceEquals(grants, _cachedGrants))
            {
                return _cachedGrantsJson;
            }

            var members = new ClaimJsonWriter();
            bool writable = grants == null || members.TryWriteMembers(grants);

            _cachedGrants = grants;
            _cachedGrantsJson = writable ? members.ToArray() : null;
            return _cachedGrantsJson;
        }

        /// <summary>The encoded header for these extra claims, computed again only when they change.</summary>
        private byte[] EncodedHeader(IDictionary<string, object> extraHeader)
        {
            if (_cachedHeader != null && SameHeaderClaims(extraHeader))
            {
                return _cachedHeader;
            }

            var claims = new List<KeyValuePair<string, string>>();
            if (extraHeader != null)
            {
                foreach (KeyValuePair<string, object> claim in extraHeader)
                {
                    // JsonWebTokenHandler gives these names meaning of its own; only plain extra claims are written here.
                    if (!(claim.Value is string text) || claim.Key == null || claim.Key == "alg" || claim.Key == "typ" || claim.Key == "kid")
                    {
                        return null;
                    }

                    claims.Add(new KeyValuePair<string, string>(claim.Key, text));
                }
            }

            // As the handler's Utf8JsonWriter writes it: alg, the extra claims in order, typ. Names and values are
            // escaped alike (System.Text.Json escapes a property name as it escapes a string value).
            var json = new ClaimJsonWriter();
            json.WriteByte((byte)'{');
            WriteMember(json, "alg", "HS256");
            foreach (KeyValuePair<string, string> claim in claims)
            {
                json.WriteByte((byte)',');
                WriteMember(json, claim.Key, claim.Value);
            }

            json.WriteByte((byte)',');
            WriteMember(json, "typ", "JWT");
            json.WriteByte((byte)'}');

            var encoded = new byte[Base64Url.EncodedLength(json.Length)];
            Base64Url.Encode(new ReadOnlySpan<byte>(json.Buffer, 0, json.Length), encoded);
            _cachedHeaderClaims = claims.ToArray();
            _cachedHeader = encoded;
            return encoded;
        }

        private static void WriteMember(ClaimJsonWriter json, string name, string value)
        {
            json.WriteString(name);
            json.WriteByte((byte)':');
            json.WriteString(value);
        }

        private bool SameHeaderClaims(IDictionary<string, object> extraHeader)
        {
            int count = extraHeader?.Count ?? 0;
            if (count != _cachedHeaderClaims.Length)
            {
                return false;
            }

            if (count == 0)
            {
                return true;
            }

            int i = 0;
            if (extraHeader is Dictionary<string, object> dictionary)
            {
                // The minter's own header: its struct enumerator, where the interface's would be allocated per token.
                foreach (KeyValuePair<string, object> claim in dictionary)
                {
                    if (!SameClaim(claim, _cachedHeaderClaims[i++])) return false;
                }

                return true;
            }

            foreach (KeyValuePair<string, object> claim in extraHeader)
            {
                if (!SameClaim(claim, _cachedHeaderClaims[i++])) return false;
            }

            return true;
        }

        private static bool SameClaim(KeyValuePair<string, object> claim, KeyValuePair<string, string> cached) =>
            string.Equals(claim.Key, cached.Key, StringComparison.Ordinal) && claim.Value is string text &&
            string.Equals(text, cached.Value, StringComparison.Ordinal);
    }
}
