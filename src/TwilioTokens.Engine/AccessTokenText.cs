using System;
using System.Text;
using TwilioTokens.Internal;

namespace TwilioTokens.Engine
{
    /// <summary>
    /// The payload of the access tokens that share a header, issuer, subject, nbf and grants, with those already
    /// serialised: <see cref="CompactJwsWriter"/> writes each token's payload through <see cref="WritePayload"/> to sign
    /// it, and <see cref="Write"/> writes the same payload again, later and on any thread, to make the token's text from
    /// its MAC (<see cref="IAccessTokenText"/>). Immutable once made; it holds no secret.
    /// </summary>
    internal sealed class AccessTokenText : IAccessTokenText
    {
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

        // Write's buffers, one pair per thread: tokens minted on one runspace's thread may be read on another's.
        [ThreadStatic] private static ClaimJsonWriter t_payload;
        [ThreadStatic] private static byte[] t_token;

        private readonly byte[] _encodedHeader;
        private readonly string _issuer;
        private readonly string _subject;
        private readonly long? _notBefore;
        private readonly byte[] _grantsJson;

        // The bytes around the jti's hex digits, made once per issuer and subject; null when the issuer is not plain
        // ASCII, whose jti must then be escaped as a whole.
        private readonly IdParts _ids;

        private AccessTokenText(byte[] encodedHeader, string issuer, string subject, long? notBefore, byte[] grantsJson, IdParts ids)
        {
            _encodedHeader = encodedHeader;
            _issuer = issuer;
            _subject = subject;
            _notBefore = notBefore;
            _grantsJson = grantsJson;
            _ids = ids;
        }

        /// <param name="grantsJson">The grants' members (<c>"voice":{...},"video":{...}</c>), never changed afterwards.</param>
        /// <param name="previous">The last one made for a token, whose bytes around the jti are reused for the same
        /// issuer and subject strings; null for none.</param>
        public static AccessTokenText Create(byte[] encodedHeader, string issuer, string subject, long? notBefore,
            byte[] grantsJson, AccessTokenText previous)
        {
            IdParts ids = previous != null && ReferenceEquals(previous._issuer, issuer) && ReferenceEquals(previous._subject, subject)
                ? previous._ids
                : IdParts.Create(issuer, subject);
            return new AccessTokenText(encodedHeader, issuer, subject, notBefore, grantsJson, ids);
        }

        /// <summary>True when this writes the payload for exactly these fixed claims (the arrays by reference: the writer
        /// keeps its header and grants arrays while they stay the same).</summary>
        public bool IsFor(byte[] encodedHeader, string issuer, string subject, long? notBefore, byte[] grantsJson) =>
            ReferenceEquals(encodedHeader, _encodedHeader) && ReferenceEquals(issuer, _issuer) &&
            ReferenceEquals(subject, _subject) && notBefore == _notBefore && ReferenceEquals(grantsJson, _grantsJson);

        /// <summary>Writes one token's payload into <paramref name="json"/>, cleared first: jti, iss, sub, iat, nbf (when
        /// set), exp, grants (identity when not null, then the grants).</summary>
        public void WritePayload(ClaimJsonWriter json, string identity, ulong idHigh, ulong idLow, long issuedAt, long expiresAt)
        {
            json.Clear();
            if (_ids != null)
            {
                json.WriteRaw(_ids.IdPrefix);
                json.WriteHexDigits(idHigh, idLow);
                json.WriteRaw(_ids.AfterIdDigits);
            }
            else
            {
                json.WriteRaw(s_jti);
                json.WriteString(TokenId.Format(_issuer, idHigh, idLow));
                json.WriteRaw(s_iss);
                json.WriteString(_issuer);
                json.WriteRaw(s_sub);
                json.WriteString(_subject);
                json.WriteRaw(s_iat);
            }

            json.WriteInteger(issuedAt);
            if (_notBefore.HasValue)
            {
                json.WriteRaw(s_nbf);
                json.WriteInteger(_notBefore.Value);
            }

            json.WriteRaw(s_exp);
            json.WriteInteger(expiresAt);
            json.WriteRaw(s_grants);
            if (identity != null)
            {
                json.WriteRaw(s_identity);
                json.WriteString(identity);
                if (_grantsJson.Length > 0) json.WriteByte((byte)',');
            }

            json.WriteRaw(_grantsJson);
            json.WriteRaw(s_end);
        }

        /// <summary>Writes the signing input into <paramref name="token"/> (the encoded header, '.', and base64url of the
        /// payload <see cref="WritePayload"/> wrote into <paramref name="payload"/>) and returns its length. The payload's
        /// fixed groups are copied already encoded; the bytes between them are encoded, each stretch starting on a group
        /// boundary, so the text is the same as encoding the payload whole (the engine's tests compare it with
        /// JsonWebTokenHandler's for issuers of every length).</summary>
        public int WriteSigningInput(ClaimJsonWriter payload, byte[] token)
        {
            if (_ids == null)
            {
                return CompactJws.WriteSigningInput(_encodedHeader, payload, token);
            }

            int at = CompactJws.WriteHeader(_encodedHeader, token);
            at = Copy(_ids.EncodedIdPrefix, token, at);
            int from = _ids.EncodedIdPrefix.Length / 4 * 3;
            at += Base64Url.Encode(new ReadOnlySpan<byte>(payload.Buffer, from, _ids.EncodedAfterAt - from), new Span<byte>(token, at, token.Length - at));
            at = Copy(_ids.EncodedAfterIdDigits, token, at);
            from = _ids.EncodedAfterAt + _ids.EncodedAfterIdDigits.Length / 4 * 3;
            at += Base64Url.Encode(new ReadOnlySpan<byte>(payload.Buffer, from, payload.Length - from), new Span<byte>(token, at, token.Length - at));
            return at;
        }

        private static int Copy(byte[] bytes, byte[] token, int at)
        {
            Buffer.BlockCopy(bytes, 0, token, at, bytes.Length);
            return at + bytes.Length;
        }

        public string Write(string identity, ulong idHigh, ulong idLow, long issuedAt, long expiresAt, TokenMac mac)
        {
            ClaimJsonWriter payload = t_payload ?? (t_payload = new ClaimJsonWriter());
            WritePayload(payload, identity, idHigh, idLow, issuedAt, expiresAt);
            int length = CompactJws.TokenLength(_encodedHeader.Length, payload.Length);

            // The MAC's bytes go just past the token's end, where its encoding does not reach.
            CompactJws.EnsureLength(ref t_token, length + CompactJws.MacLength);
            byte[] token = t_token;

            int signingLength = WriteSigningInput(payload, token);
            mac.CopyTo(token, length);
            CompactJws.WriteSignature(token, length, token, signingLength);
            string text = Encoding.ASCII.GetString(token, 0, length);

            // A token is a credential until it expires: the per-thread buffers outlive the cmdlet, so they keep none.
            Array.Clear(token, 0, length + CompactJws.MacLength);
            Array.Clear(payload.Buffer, 0, payload.Length);
            return text;
        }

        /// <summary>'{"jti":"SK…-' and '","iss":"SK…","sub":"AC…","iat":', the payload's bytes around the jti's hex
        /// digits, and their base64url where they cover whole 3-byte groups of the payload, so that every token copies
        /// them instead of encoding them again (about 40% of a Voice token's payload): the whole groups of the prefix
        /// from the payload's start, and those of the rest from <see cref="EncodedAfterAt"/> (a multiple of 3).</summary>
        private sealed class IdParts
        {
            public readonly byte[] IdPrefix;
            public readonly byte[] AfterIdDigits;
            public readonly byte[] EncodedIdPrefix;
            public readonly int EncodedAfterAt;
            public readonly byte[] EncodedAfterIdDigits;

            private IdParts(byte[] idPrefix, byte[] afterIdDigits)
            {
                IdPrefix = idPrefix;
                AfterIdDigits = afterIdDigits;
                EncodedIdPrefix = Encoded(idPrefix, 0, idPrefix.Length - idPrefix.Length % 3);
                int afterAt = idPrefix.Length + TokenId.HexDigits;
                EncodedAfterAt = (afterAt + 2) / 3 * 3;
                int afterEnd = Math.Max((afterAt + afterIdDigits.Length) / 3 * 3, EncodedAfterAt);
                EncodedAfterIdDigits = Encoded(afterIdDigits, EncodedAfterAt - afterAt, afterEnd - EncodedAfterAt);
            }

            /// <summary>Null when the issuer is not plain ASCII.</summary>
            public static IdParts Create(string issuer, string subject)
            {
                var parts = new ClaimJsonWriter();
                parts.WriteRaw(s_jti);
                if (!parts.TryWritePlainStringStart(issuer))
                {
                    return null;
                }

                parts.WriteByte((byte)'-');
                byte[] idPrefix = parts.ToArray();

                parts.Clear();
                parts.WriteByte((byte)'"');
                parts.WriteRaw(s_iss);
                parts.WriteString(issuer);
                parts.WriteRaw(s_sub);
                parts.WriteString(subject);
                parts.WriteRaw(s_iat);
                return new IdParts(idPrefix, parts.ToArray());
            }

            private static byte[] Encoded(byte[] bytes, int start, int count)
            {
                var encoded = new byte[Base64Url.EncodedLength(count)];
                Base64Url.Encode(new ReadOnlySpan<byte>(bytes, start, count), encoded);
                return encoded;
            }
        }
    }
}
