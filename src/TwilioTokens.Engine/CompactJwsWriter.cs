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
    /// the payload is written by <see cref="ClaimJsonWriter"/> into a reused buffer, and the token is assembled and
    /// signed in one byte buffer. An access token's fixed claims are serialised once per run, in an
    /// <see cref="AccessTokenText"/>, and what its tokens share within one second once per second
    /// (<see cref="AccessTokenText.EncodedTimes"/>): only the jti's digits and the identity onwards are written and
    /// encoded per token. An access token's text is not kept: its MAC and its AccessTokenText write it again when it is
    /// read. Claim values it cannot write exactly as IdentityModel does are refused (null) so that the caller falls back
    /// to JsonWebTokenHandler.
    /// Not thread-safe: one instance per signing key, used under that key's lock. It never holds the secret.
    /// </summary>
    internal sealed class CompactJwsWriter
    {
        private readonly ClaimJsonWriter _json = new ClaimJsonWriter();

        // Where a token's signing input is assembled and signed (and, for TryWrite, the token before making its text).
        private byte[] _textScratch;

        private KeyValuePair<string, string>[] _cachedHeaderClaims;
        private byte[] _cachedHeader;

        // The serialised grants of the last AccessTokenClaims.Grants array, which does not change once handed over.
        private KeyValuePair<string, object>[] _cachedGrants;
        private byte[] _cachedGrantsJson;

        // The fixed claims of the last access token signed, serialised: the next token of the run has the same.
        private AccessTokenText _lastText;

        // Its times, encoded, for the last second a token was signed in: the run's next tokens are mostly signed in the same.
        private AccessTokenText.EncodedTimes _lastTimes;

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

            byte[] signature = SignInScratch(header, sign, out int signingLength);
            int length = CompactJws.WriteSignature(signature, 0, _textScratch, signingLength);
            return Encoding.ASCII.GetString(_textScratch, 0, length);
        }

        /// <summary>Signs an access token, written as <see cref="TryWrite"/> writes <see cref="AccessTokenClaims.ToPayload"/>
        /// (a C# test compares the two with JsonWebTokenHandler), and returns what writes its text again with
        /// <paramref name="mac"/>; null when a grant holds a value this writer leaves to JsonWebTokenHandler.</summary>
        public AccessTokenText TrySignAccessToken(AccessTokenClaims claims, Func<byte[], int, int, byte[]> sign, out TokenMac mac)
        {
            mac = default;
            byte[] header = EncodedHeader(claims.ExtraHeader);
            byte[] grants = GrantsJson(claims.Grants);
            if (header == null || grants == null || claims.Issuer == null || claims.Subject == null)
            {
                return null;
            }

            AccessTokenText text = _lastText;
            bool sameFixedClaims = text != null && text.IsFor(header, claims.Issuer, claims.Subject, claims.NotBefore, grants);
            if (!sameFixedClaims)
            {
                _lastText = text = AccessTokenText.Create(header, claims.Issuer, claims.Subject, claims.NotBefore, grants, _lastText);
            }

            int signingLength;
            // The second's bytes are encoded for the run's second token on: a token whose fixed claims are new (a row that
            // brings grants of its own makes every token's new) would pay for them without sharing them.
            if (sameFixedClaims && text.CanEncodeTimes(claims.Identity))
            {
                AccessTokenText.EncodedTimes times = _lastTimes;
                if (times == null || !times.IsFor(text, claims.IssuedAt, claims.ExpiresAt))
                {
                    _lastTimes = times = text.EncodeTimes(claims.IssuedAt, claims.ExpiresAt);
                }

                EnsureScratch(CompactJws.TokenLength(header.Length, text.PayloadLengthBound(times, claims.Identity)));
                signingLength = text.WriteSigningInput(times, _json, claims.Identity, claims.IdHigh, claims.IdLow, _textScratch);
            }
            else
            {
                text.WritePayload(_json, claims.Identity, claims.IdHigh, claims.IdLow, claims.IssuedAt, claims.ExpiresAt);
                EnsureScratch(CompactJws.TokenLength(header.Length, _json.Length));
                signingLength = text.WriteSigningInput(_json, _textScratch);
            }

            mac = new TokenMac(sign(_textScratch, 0, signingLength), 0);
            return text;
        }

        /// <summary>Writes the signing input (header, and the payload in <see cref="_json"/>) into
        /// <see cref="_textScratch"/>, with room for the signature after it, and returns its MAC, to be read before the
        /// next signing.</summary>
        private byte[] SignInScratch(byte[] header, Func<byte[], int, int, byte[]> sign, out int signingLength)
        {
            EnsureScratch(CompactJws.TokenLength(header.Length, _json.Length));
            signingLength = CompactJws.WriteSigningInput(header, _json, _textScratch);
            return sign(_textScratch, 0, signingLength);
        }

        private void EnsureScratch(int length) => CompactJws.EnsureLength(ref _textScratch, length);

        /// <summary>The grants' members (<c>"voice":{...},"video":{...}</c>), serialised again only when another array
        /// comes; null when one holds a value this writer does not write.</summary>
        private byte[] GrantsJson(KeyValuePair<string, object>[] grants)
        {
            if (_cachedGrantsJson != null && ReferenceEquals(grants, _cachedGrants))
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
