using System;
using System.Text;
using TwilioTokens.Internal;

namespace TwilioTokens.Engine
{
    /// <summary>
    /// The payload of the access tokens that share a header, issuer, subject, nbf and grants, with those already
    /// serialised: <see cref="CompactJwsWriter"/> writes each token's signing input through it to sign it (copying what
    /// the tokens of one second share, <see cref="EncodedTimes"/>, where it can), and <see cref="Write"/> writes the same
    /// payload again, later and on any thread, to make the token's text from its MAC (<see cref="IAccessTokenText"/>).
    /// Immutable once made; it holds no secret.
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

            WriteTimes(json, issuedAt, expiresAt);
            if (identity != null)
            {
                json.WriteRaw(s_identity);
                WriteIdentityAndGrants(json, identity);
                return;
            }

            json.WriteRaw(_grantsJson);
            json.WriteRaw(s_end);
        }

        /// <summary>iat, nbf (when set), exp, and the opening of grants, after the sub.</summary>
        private void WriteTimes(ClaimJsonWriter json, long issuedAt, long expiresAt)
        {
            json.WriteInteger(issuedAt);
            if (_notBefore.HasValue)
            {
                json.WriteRaw(s_nbf);
                json.WriteInteger(_notBefore.Value);
            }

            json.WriteRaw(s_exp);
            json.WriteInteger(expiresAt);
            json.WriteRaw(s_grants);
        }

        /// <summary>The identity's value and the grants after it, to the payload's end.</summary>
        private void WriteIdentityAndGrants(ClaimJsonWriter json, string identity)
        {
            json.WriteString(identity);
            if (_grantsJson.Length > 0) json.WriteByte((byte)',');
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

            int at = WriteHeaderAndIdPrefix(token, out int from);
            at += Base64Url.Encode(new ReadOnlySpan<byte>(payload.Buffer, from, _ids.EncodedAfterAt - from), new Span<byte>(token, at, token.Length - at));
            at = Copy(_ids.EncodedAfterIdDigits, token, at);
            from = _ids.EncodedAfterAt + _ids.EncodedAfterIdDigits.Length / 4 * 3;
            at += Base64Url.Encode(new ReadOnlySpan<byte>(payload.Buffer, from, payload.Length - from), new Span<byte>(token, at, token.Length - at));
            return at;
        }

        /// <summary>True when <see cref="EncodeTimes"/> and the signing input's shortcut below serve these claims: the
        /// issuer is plain ASCII and the token has an identity.</summary>
        public bool CanEncodeTimes(string identity) => _ids != null && identity != null;

        /// <summary>The payload's bytes between the jti's digits and the identity's value for one issue and expiry time,
        /// their whole 3-byte groups encoded, for every token of this text signed in the same second.</summary>
        public EncodedTimes EncodeTimes(long issuedAt, long expiresAt)
        {
            var times = new ClaimJsonWriter();
            times.WriteRaw(_ids.AfterIdDigits);
            WriteTimes(times, issuedAt, expiresAt);
            times.WriteRaw(s_identity);
            return new EncodedTimes(this, issuedAt, expiresAt, times, _ids.EncodedAfterAt - (_ids.IdPrefix.Length + TokenId.HexDigits));
        }

        /// <summary>The most bytes a payload with <paramref name="times"/> and <paramref name="identity"/> can take (an
        /// identity's character is at most six bytes of JSON).</summary>
        public int PayloadLengthBound(EncodedTimes times, string identity) =>
            _ids.IdPrefix.Length + TokenId.HexDigits + times.Length + 2 + 6 * identity.Length + 1 + _grantsJson.Length + s_end.Length;

        /// <summary>Signing's way to the same signing input that <see cref="WritePayload"/> and
        /// <see cref="WriteSigningInput(ClaimJsonWriter, byte[])"/> write (when <see cref="CanEncodeTimes"/>): the run's
        /// and the second's encoded bytes are copied, and only the bytes around the jti's digits and those from the
        /// identity's value on are written, into <paramref name="scratch"/>, and encoded. Each stretch encoded or copied
        /// starts on a 3-byte group of the payload and all but the last end on one, so the text is the same as the
        /// whole payload's encoding; signing and the text written again are held to the handler's by the engine's tests.
        /// Returns the signing input's length.</summary>
        public int WriteSigningInput(EncodedTimes times, ClaimJsonWriter scratch, string identity, ulong idHigh, ulong idLow, byte[] token)
        {
            int at = WriteHeaderAndIdPrefix(token, out int from);
            scratch.Clear();
            scratch.WriteRaw(_ids.IdPrefix, from, _ids.IdPrefix.Length - from);
            scratch.WriteHexDigits(idHigh, idLow);
            scratch.WriteRaw(times.Head);
            at += Base64Url.Encode(new ReadOnlySpan<byte>(scratch.Buffer, 0, scratch.Length), new Span<byte>(token, at, token.Length - at));
            at = Copy(times.EncodedWhole, token, at);
            scratch.Clear();
            scratch.WriteRaw(times.Tail);
            WriteIdentityAndGrants(scratch, identity);
            at += Base64Url.Encode(new ReadOnlySpan<byte>(scratch.Buffer, 0, scratch.Length), new Span<byte>(token, at, token.Length - at));
            return at;
        }

        /// <summary>Writes the encoded header, '.', and the whole 3-byte groups of the payload's start up to the jti's
        /// digits, already encoded; returns where the token goes on, and in <paramref name="payloadAt"/> the payload's
        /// byte the next stretch to encode begins with.</summary>
        private int WriteHeaderAndIdPrefix(byte[] token, out int payloadAt)
        {
            int at = CompactJws.WriteHeader(_encodedHeader, token);
            payloadAt = _ids.EncodedIdPrefix.Length / 4 * 3;
            return Copy(_ids.EncodedIdPrefix, token, at);
        }

        private static int Copy(byte[] bytes, byte[] token, int at)
        {
            Buffer.BlockCopy(bytes, 0, token, at, bytes.Length);
            return at + bytes.Length;
        }

        private static byte[] Encoded(byte[] bytes, int start, int count)
        {
            var encoded = new byte[Base64Url.EncodedLength(count)];
            Base64Url.Encode(new ReadOnlySpan<byte>(bytes, start, count), encoded);
            return encoded;
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

        /// <summary>What the tokens of one text signed in one second share after the jti's digits: the closing quote, iss,
        /// sub, iat, nbf, exp and <c>"grants":{"identity":</c>. The bytes up to the first whole 3-byte group of the payload
        /// (<see cref="Head"/>) are encoded with the digits before them, and those after the last (<see cref="Tail"/>) with
        /// the identity after them; the whole groups between are kept encoded. Immutable; no secret.</summary>
        internal sealed class EncodedTimes
        {
            public readonly byte[] Head;
            public readonly byte[] EncodedWhole;
            public readonly byte[] Tail;
            private readonly AccessTokenText _text;
            private readonly long _issuedAt;
            private readonly long _expiresAt;

            /// <param name="headLength">How many of the bytes come before the payload's next 3-byte group.</param>
            public EncodedTimes(AccessTokenText text, long issuedAt, long expiresAt, ClaimJsonWriter bytes, int headLength)
            {
                _text = text;
                _issuedAt = issuedAt;
                _expiresAt = expiresAt;
                int whole = (bytes.Length - headLength) / 3 * 3;
                Head = bytes.ToArray(0, headLength);
                EncodedWhole = Encoded(bytes.Buffer, headLength, whole);
                Tail = bytes.ToArray(headLength + whole, bytes.Length - headLength - whole);
                Length = bytes.Length;
            }

            /// <summary>The bytes of the payload these stand for.</summary>
            public int Length { get; }

            public bool IsFor(AccessTokenText text, long issuedAt, long expiresAt) =>
                ReferenceEquals(text, _text) && issuedAt == _issuedAt && expiresAt == _expiresAt;
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
        }
    }
}
