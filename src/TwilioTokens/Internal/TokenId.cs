using System;
using System.Security.Cryptography;

namespace TwilioTokens.Internal
{
    /// <summary>Access token ids (<c>jti</c>): the API key SID, '-', and 32 lower-case hex digits of randomness. Twilio's
    /// docs ask for a unique random string; the helper libraries' unix-time suffix collides when many tokens are minted
    /// in one second. One per cmdlet run, on one thread.</summary>
    internal sealed class TokenId : IDisposable
    {
        private const int RandomBytes = 16;
        private const string HexDigits = "0123456789abcdef";

        private readonly RandomNumberGenerator _random = RandomNumberGenerator.Create();

        // Drawn for many ids at once: each call into the system's generator has a fixed cost.
        private readonly byte[] _pool = new byte[RandomBytes * 64];
        private int _offset;

        public TokenId()
        {
            _offset = _pool.Length;
        }

        public string Next(string apiKeySid)
        {
            if (_offset == _pool.Length)
            {
                _random.GetBytes(_pool);
                _offset = 0;
            }

            var chars = new char[apiKeySid.Length + 1 + 2 * RandomBytes];
            apiKeySid.CopyTo(0, chars, 0, apiKeySid.Length);
            int at = apiKeySid.Length;
            chars[at++] = '-';
            for (int i = 0; i < RandomBytes; i++)
            {
                byte b = _pool[_offset + i];
                chars[at++] = HexDigits[b >> 4];
                chars[at++] = HexDigits[b & 0xF];
            }

            _offset += RandomBytes;
            return new string(chars);
        }

        public void Dispose() => _random.Dispose();
    }
}
