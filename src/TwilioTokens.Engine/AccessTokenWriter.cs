using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using TwilioTokens.Internal;

namespace TwilioTokens.Engine
{
    /// <summary>
    /// Writes and signs access tokens byte for byte as JsonWebTokenHandler.CreateToken writes the same claims (header
    /// alg, cty, twr, typ; the payload in <see cref="AccessTokenClaims"/>' order; System.Text.Json with the encoder
    /// IdentityModel uses, so escaping is never decided here). What a run's tokens share is written once: the encoded
    /// header per region here, each grant's JSON per grant set (<see cref="ClaimValueWriter.ToJson"/>, which the claims
    /// carry). Not thread-safe: one per signing key, used under its lock. It never holds the secret.
    /// </summary>
    internal sealed class AccessTokenWriter
    {
        /// <summary>What IdentityModel's writers use: the same encoder makes the same escapes.</summary>
        internal static readonly JsonWriterOptions Options = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        private readonly MemoryStream _buffer = new MemoryStream();
        private readonly Utf8JsonWriter _json;

        private bool _hasHeader;
        private string _headerRegion;
        private string _encodedHeader;

        private byte[] _signingInput = new byte[1024];

        private static readonly KeyValuePair<string, byte[]>[] NoGrants = new KeyValuePair<string, byte[]>[0];

        public AccessTokenWriter()
        {
            _json = new Utf8JsonWriter(_buffer, Options);
        }

        public string Write(AccessTokenClaims claims, HMAC hmac)
        {
            string header = EncodedHeader(claims.Region);

            Restart();
            _json.WriteStartObject();
            _json.WriteString("jti", claims.Id);
            _json.WriteString("iss", claims.Issuer);
            _json.WriteString("sub", claims.Subject);
            _json.WriteNumber("iat", claims.IssuedAt);
            if (claims.NotBefore.HasValue)
            {
                _json.WriteNumber("nbf", claims.NotBefore.Value);
            }

            _json.WriteNumber("exp", claims.ExpiresAt);
            _json.WriteStartObject("grants");
            if (claims.Identity != null)
            {
                _json.WriteString("identity", claims.Identity);
            }

            foreach (KeyValuePair<string, byte[]> grant in claims.Grants ?? NoGrants)
            {
                _json.WritePropertyName(grant.Key);
                _json.WriteRawValue(grant.Value, skipInputValidation: true);
            }

            _json.WriteEndObject();
            _json.WriteEndObject();
            string payload = EncodeWritten();

            // The signing input's bytes go into a reused buffer: neither it nor its text is kept.
            int length = header.Length + 1 + payload.Length;
            if (_signingInput.Length < length)
            {
                _signingInput = new byte[length * 2];
            }

            Encoding.ASCII.GetBytes(header, 0, header.Length, _signingInput, 0);
            _signingInput[header.Length] = (byte)'.';
            Encoding.ASCII.GetBytes(payload, 0, payload.Length, _signingInput, header.Length + 1);
            byte[] mac = hmac.ComputeHash(_signingInput, 0, length);
            return string.Concat(header, ".", payload, ".", Base64Url.Encode(mac, 0, mac.Length));
        }

        private string EncodedHeader(string region)
        {
            if (_hasHeader && region == _headerRegion)
            {
                return _encodedHeader;
            }

            Restart();
            _json.WriteStartObject();
            _json.WriteString("alg", "HS256");
            _json.WriteString("cty", AccessTokenClaims.ContentType);
            if (region != null)
            {
                _json.WriteString("twr", region);
            }

            _json.WriteString("typ", "JWT");
            _json.WriteEndObject();
            _encodedHeader = EncodeWritten();
            _headerRegion = region;
            _hasHeader = true;
            return _encodedHeader;
        }

        private void Restart()
        {
            _buffer.SetLength(0);
            _json.Reset(_buffer);
        }

        private string EncodeWritten()
        {
            _json.Flush();
            return Base64Url.Encode(_buffer.GetBuffer(), 0, (int)_buffer.Length);
        }
    }
}
