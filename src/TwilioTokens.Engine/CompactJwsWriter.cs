using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
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
        private byte[] _token = new byte[2048];

        private KeyValuePair<string, string>[] _cachedHeaderClaims;
        private byte[] _cachedHeader;

        // The serialised grants of the last AccessTokenClaims.Grants array, which does not change once handed over.
        private KeyValuePair<string, object>[] _cachedGrants;
        private byte[] _cachedGrantsJson;

        /// <summary>The compact JWS, or null when a header or claim value is of a kind this writer leaves to
        /// JsonWebTokenHandler.</summary>
        /// <param name="sign">HMAC-SHA256 of <c>buffer[offset..offset+count)</c>.</param>
        public string TryWrite(IDictionary<string, object> extraHeader, IDictionary<string, object> payload,
            Func<byte[], int, int, byte[]> sign)
        {
            byte[] header = EncodedHeader(extraHeader);
            _json.Clear();
            if (header == null || payload == null || !_json.TryWriteValue(payload))
            {
                return null;
            }

            int length = SignToken(header, sign);
            return Encoding.ASCII.GetString(_token, 0, length);
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
            json.WriteRaw(s_jti);
            json.WriteTokenId(claims.Issuer, claims.IdHigh, claims.IdLow);
            json.WriteRaw(s_iss);
            json.WriteString(claims.Issuer);
            json.WriteRaw(s_sub);
            json.WriteString(claims.Subject);
            json.WriteRaw(s_iat);
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
            int length = SignToken(header, sign);
            var token = new byte[length];
            Buffer.BlockCopy(_token, 0, token, 0, length);
            return token;
        }

        /// <summary>Header, payload (in <see cref="_json"/>) and signature, base64url-encoded and joined by dots in
        /// <see cref="_token"/>; returns the length.</summary>
        private int SignToken(byte[] header, Func<byte[], int, int, byte[]> sign)
        {
            int capacity = header.Length + 1 + Base64Url.MaxEncodedLength(_json.Length) + 1 + Base64Url.MaxEncodedLength(SignatureLength);
            if (_token.Length < capacity)
            {
                _token = new byte[Math.Max(capacity, _token.Length * 2)];
            }

            Buffer.BlockCopy(header, 0, _token, 0, header.Length);
            int length = header.Length;
            _token[length++] = (byte)'.';
            length += Base64Url.Encode(new ReadOnlySpan<byte>(_json.Buffer, 0, _json.Length), new Span<byte>(_token, length, _token.Length - length));

            byte[] signature = sign(_token, 0, length);
            _token[length++] = (byte)'.';
            length += Base64Url.Encode(signature, new Span<byte>(_token, length, _token.Length - length));
            return length;
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

            byte[] json = null;
            if (writable)
            {
                json = new byte[members.Length];
                Buffer.BlockCopy(members.Buffer, 0, json, 0, members.Length);
            }

            _cachedGrants = grants;
            _cachedGrantsJson = json;
            return json;
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
                    if (!(claim.Value is string text) || claim.Key == "alg" || claim.Key == "typ" || claim.Key == "kid")
                    {
                        return null;
                    }

                    claims.Add(new KeyValuePair<string, string>(claim.Key, text));
                }
            }

            var json = new GrowableBuffer(128);
            using (var writer = new Utf8JsonWriter(json, ClaimJsonWriter.IdentityModelOptions))
            {
                writer.WriteStartObject();
                writer.WriteString("alg", "HS256");
                foreach (KeyValuePair<string, string> claim in claims)
                {
                    writer.WriteString(claim.Key, claim.Value);
                }

                writer.WriteString("typ", "JWT");
                writer.WriteEndObject();
            }

            var encoded = new byte[Base64Url.MaxEncodedLength(json.Count)];
            int length = Base64Url.Encode(new ReadOnlySpan<byte>(json.Buffer, 0, json.Count), encoded);
            Array.Resize(ref encoded, length);
            _cachedHeaderClaims = claims.ToArray();
            _cachedHeader = encoded;
            return encoded;
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
