using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using TwilioTokens.Internal;

namespace TwilioTokens
{
    /// <summary>Mints tokens for one key, account and lifetime: everything that is the same for every identity of
    /// one New-TwilioAccessToken run is prepared once here.</summary>
    internal sealed class TokenMinter : IDisposable
    {
        public const string ContentType = "twilio-fpa;v=1";

        private readonly ISigningKey _key;
        private readonly string _accountSid;
        private readonly string _apiKeySid;
        private readonly int _ttlSeconds;
        private readonly long? _notBefore;
        private readonly string _region;
        private readonly Dictionary<string, object> _extraHeader;
        private readonly RandomNumberGenerator _random = RandomNumberGenerator.Create();
        private readonly byte[] _idBytes = new byte[16];

        public TokenMinter(ISigningKey key, string accountSid, string apiKeySid, int ttlSeconds, DateTime? notBefore, string region)
        {
            _key = key;
            _accountSid = accountSid;
            _apiKeySid = apiKeySid;
            _ttlSeconds = ttlSeconds;
            _notBefore = notBefore.HasValue ? new DateTimeOffset(notBefore.Value.ToUniversalTime()).ToUnixTimeSeconds() : (long?)null;
            _region = region;
            _extraHeader = new Dictionary<string, object> { { "cty", ContentType } };
            if (region != null)
            {
                _extraHeader.Add("twr", region);
            }
        }

        public AccessToken Mint(string identity, GrantSet grants)
        {
            long issuedAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            long expiresAt = issuedAt + _ttlSeconds;
            string id = _apiKeySid + "-" + NewRandomHex();

            var payload = new Dictionary<string, object>(8)
            {
                { "jti", id },
                { "iss", _apiKeySid },
                { "sub", _accountSid },
                { "iat", issuedAt },
            };
            if (_notBefore.HasValue)
            {
                payload.Add("nbf", _notBefore.Value);
            }

            payload.Add("exp", expiresAt);
            payload.Add("grants", grants.ToClaim(identity));

            string jwt = _key.CreateToken(_extraHeader, payload);
            return new AccessToken(jwt, identity, _accountSid, _apiKeySid, id,
                UnixTime.ToDateTime(issuedAt), _notBefore.HasValue ? UnixTime.ToDateTime(_notBefore.Value) : (DateTime?)null,
                UnixTime.ToDateTime(expiresAt), _region, grants.Grants);
        }

        /// <summary>The random part of <c>jti</c>: Twilio's docs ask for a unique random string, and the helper
        /// libraries' unix-time suffix collides when many tokens are minted in one second.</summary>
        private string NewRandomHex()
        {
            _random.GetBytes(_idBytes);
            var chars = new char[_idBytes.Length * 2];
            for (int i = 0; i < _idBytes.Length; i++)
            {
                chars[2 * i] = HexDigit(_idBytes[i] >> 4);
                chars[2 * i + 1] = HexDigit(_idBytes[i] & 0xF);
            }

            return new string(chars);
        }

        private static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'a' + value - 10);

        public void Dispose()
        {
            _key.Dispose();
            _random.Dispose();
        }
    }
}
