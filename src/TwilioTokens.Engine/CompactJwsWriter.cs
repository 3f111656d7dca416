using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace TwilioTokens.Engine
{
    /// <summary>
    /// Writes an HS256 compact JWS byte for byte as JsonWebTokenHandler.CreateToken does for the claims the module
    /// mints (header <c>alg</c>, the extra header claims, <c>typ</c>; payload claims in dictionary order; the same
    /// System.Text.Json writer and escaping), without its per-token work: the header is encoded once per distinct
    /// extra header, the payload is written with one reused Utf8JsonWriter into a reused buffer, and the token is
    /// assembled and signed in one byte buffer. Claim values it cannot write exactly as IdentityModel does are
    /// refused (<see cref="TryWrite"/> returns null) so that the caller falls back to JsonWebTokenHandler.
    /// Not thread-safe: one instance per signing key, used under that key's lock. It never holds the secret.
    /// </summary>
    internal sealed class CompactJwsWriter
    {
        private static readonly JsonWriterOptions s_jsonOptions = new JsonWriterOptions
        {
            // What IdentityModel's writers use; it decides how non-ASCII text and quotes are escaped on the wire.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            SkipValidation = true,
        };

        private const int SignatureLength = 32;

        private readonly GrowableBuffer _json = new GrowableBuffer(1024);
        private readonly Utf8JsonWriter _jsonWriter;
        private byte[] _token = new byte[2048];

        private KeyValuePair<string, string>[] _cachedHeaderClaims;
        private byte[] _cachedHeader;

        public CompactJwsWriter()
        {
            _jsonWriter = new Utf8JsonWriter(_json, s_jsonOptions);
        }

        /// <summary>The compact JWS, or null when a header or claim value is of a kind this writer leaves to
        /// JsonWebTokenHandler.</summary>
        /// <param name="sign">HMAC-SHA256 of <c>buffer[offset..offset+count)</c>.</param>
        public string TryWrite(IDictionary<string, object> extraHeader, IDictionary<string, object> payload,
            Func<byte[], int, int, byte[]> sign)
        {
            byte[] header = EncodedHeader(extraHeader);
            if (header == null || !IsWritable(payload))
            {
                return null;
            }

            _json.Clear();
            _jsonWriter.Reset(_json);
            WriteValue(_jsonWriter, payload);
            _jsonWriter.Flush();

            int capacity = header.Length + 1 + Base64Url.MaxEncodedLength(_json.Count) + 1 + Base64Url.MaxEncodedLength(SignatureLength);
            if (_token.Length < capacity)
            {
                _token = new byte[Math.Max(capacity, _token.Length * 2)];
            }

            Buffer.BlockCopy(header, 0, _token, 0, header.Length);
            int length = header.Length;
            _token[length++] = (byte)'.';
            length += Base64Url.Encode(new ReadOnlySpan<byte>(_json.Buffer, 0, _json.Count), new Span<byte>(_token, length, _token.Length - length));

            byte[] signature = sign(_token, 0, length);
            _token[length++] = (byte)'.';
            length += Base64Url.Encode(signature, new Span<byte>(_token, length, _token.Length - length));
            return Encoding.ASCII.GetString(_token, 0, length);
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
            using (var writer = new Utf8JsonWriter(json, s_jsonOptions))
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
            foreach (KeyValuePair<string, object> claim in extraHeader)
            {
                KeyValuePair<string, string> cached = _cachedHeaderClaims[i++];
                if (!string.Equals(claim.Key, cached.Key, StringComparison.Ordinal) || !(claim.Value is string text) ||
                    !string.Equals(text, cached.Value, StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>True when every value is one this writer writes exactly as IdentityModel does: strings, booleans,
        /// 32- and 64-bit integers, string-keyed dictionaries and lists of those.</summary>
        private static bool IsWritable(object value)
        {
            switch (value)
            {
                case string _:
                case bool _:
                case long _:
                case int _:
                    return true;
                case Dictionary<string, object> map:
                    // The concrete type first: its struct enumerator allocates nothing, the interface's does.
                    foreach (KeyValuePair<string, object> entry in map)
                    {
                        if (!IsWritable(entry.Value)) return false;
                    }

                    return true;
                case IDictionary<string, object> map:
                    foreach (KeyValuePair<string, object> entry in map)
                    {
                        if (entry.Key == null || !IsWritable(entry.Value)) return false;
                    }

                    return true;
                case IList<object> list:
                    foreach (object item in list)
                    {
                        if (!IsWritable(item)) return false;
                    }

                    return true;
                default:
                    return false;
            }
        }

        private static void WriteValue(Utf8JsonWriter writer, object value)
        {
            switch (value)
            {
                case string text:
                    writer.WriteStringValue(text);
                    break;
                case bool flag:
                    writer.WriteBooleanValue(flag);
                    break;
                case long whole:
                    writer.WriteNumberValue(whole);
                    break;
                case int small:
                    writer.WriteNumberValue(small);
                    break;
                // Twice on purpose: foreach over the concrete Dictionary uses its struct enumerator and allocates
                // nothing, which is every grant the module writes; other dictionaries go through the interface.
                case Dictionary<string, object> map:
                    writer.WriteStartObject();
                    foreach (KeyValuePair<string, object> entry in map)
                    {
                        writer.WritePropertyName(entry.Key);
                        WriteValue(writer, entry.Value);
                    }

                    writer.WriteEndObject();
                    break;
                case IDictionary<string, object> map:
                    writer.WriteStartObject();
                    foreach (KeyValuePair<string, object> entry in map)
                    {
                        writer.WritePropertyName(entry.Key);
                        WriteValue(writer, entry.Value);
                    }

                    writer.WriteEndObject();
                    break;
                case IList<object> list:
                    writer.WriteStartArray();
                    foreach (object item in list)
                    {
                        WriteValue(writer, item);
                    }

                    writer.WriteEndArray();
                    break;
                default:
                    throw new InvalidOperationException("IsWritable let through a " + value?.GetType().Name);
            }
        }
    }
}
