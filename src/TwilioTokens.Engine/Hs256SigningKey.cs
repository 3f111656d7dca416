using System;
using System.Security.Cryptography;
using System.Text;
using TwilioTokens.Internal;

namespace TwilioTokens.Engine
{
    /// <summary>
    /// One API key secret, ready to sign and verify HS256 for the length of one cmdlet run, with the platform's
    /// HMACSHA256 (which follows the system's cryptographic policy, FIPS included). The engine's copies of the secret are
    /// the one this key holds and its HMAC's; Dispose clears the first and disposes the HMAC, which clears its own. Not
    /// IdentityModel's SymmetricSecurityKey and signature provider: they copy the key into arrays no one can clear, and
    /// IdentityModel's process-wide provider cache would keep it reachable after the cmdlet ends.
    /// </summary>
    internal sealed class Hs256SigningKey : ISigningKey
    {
        // IdentityModel refuses HS256 keys under 128 bits, and so do we for signing; Twilio's secrets are 256 bits. A
        // shorter secret still verifies: a token may have been signed with it elsewhere.
        private const int MinimumSigningKeyBytes = 16;

        private readonly byte[] _secret;
        private readonly HMACSHA256 _hmac;

        // Guards _hmac, _writer, _verifyBuffer and _disposed: the HMAC keeps state during a call, and a cmdlet's key may
        // be disposed (pipeline stopped) while another thread uses it.
        private readonly object _lock = new object();
        private AccessTokenWriter _writer;
        private byte[] _verifyBuffer;
        private bool _disposed;

        public Hs256SigningKey(byte[] secret)
        {
            _secret = (byte[])secret.Clone();
            _hmac = new HMACSHA256(_secret);
        }

        public string SignAccessToken(AccessTokenClaims claims)
        {
            if (_secret.Length < MinimumSigningKeyBytes)
            {
                throw new InvalidOperationException("The API key secret is shorter than 16 bytes; HS256 signing refuses it.");
            }

            lock (_lock)
            {
                ThrowIfDisposed();
                // Made on first signing: a key that only verifies never needs one.
                return (_writer ?? (_writer = new AccessTokenWriter())).Write(claims, _hmac);
            }
        }

        public bool VerifySignature(ParsedJwt jwt)
        {
            byte[] mac;
            lock (_lock)
            {
                ThrowIfDisposed();
                // The signing input's bytes go into a buffer reused from token to token, as when signing.
                int length = jwt.SigningInputLength;
                if (_verifyBuffer == null || _verifyBuffer.Length < length)
                {
                    _verifyBuffer = new byte[Math.Max(length, 1024)];
                }

                Encoding.ASCII.GetBytes(jwt.Token, 0, length, _verifyBuffer, 0);
                mac = _hmac.ComputeHash(_verifyBuffer, 0, length);
            }

            return FixedTimeEquals(mac, jwt.Signature);
        }

        public void Dispose()
        {
            lock (_lock)
            {
                if (_disposed) return;
                _disposed = true;
                _hmac.Dispose();
                Array.Clear(_secret, 0, _secret.Length);
            }
        }

        private void ThrowIfDisposed()
        {
            if (_disposed)
            {
                throw new ObjectDisposedException(nameof(Hs256SigningKey), "The signing key was disposed and its secret cleared.");
            }
        }

        // CryptographicOperations.FixedTimeEquals is not in netstandard2.0: the comparison takes as long wherever the
        // MACs differ, so its time says nothing about the right MAC.
        private static bool FixedTimeEquals(byte[] a, byte[] b)
        {
            if (b == null || a.Length != b.Length) return false;
            int diff = 0;
            for (int i = 0; i < a.Length; i++) diff |= a[i] ^ b[i];
            return diff == 0;
        }
    }
}
