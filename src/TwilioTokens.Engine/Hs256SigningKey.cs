using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TwilioTokens.Internal;

namespace TwilioTokens.Engine
{
    /// <summary>
    /// One API key secret, ready to sign and verify HS256 for the length of one cmdlet run.
    /// Signing goes through IdentityModel's own <see cref="SymmetricSignatureProvider"/>, created for this key alone
    /// (not taken from CryptoProviderFactory's process-wide cache, which would keep the secret reachable after the
    /// cmdlet ends) and disposed with it. Tokens are written by <see cref="CompactJwsWriter"/>; JsonWebTokenHandler
    /// is only reached for claim values that writer leaves to it, so a plain run never loads or JITs the handler.
    /// </summary>
    internal sealed class Hs256SigningKey : ISigningKey
    {
        // IdentityModel refuses HS256 keys under 128 bits; Twilio's secrets are 256 bits.
        private const int MinimumIdentityModelKeyBytes = 16;

        private readonly byte[] _secret;
        private readonly SymmetricSecurityKey _key;
        private readonly SymmetricSignatureProvider _provider;
        private readonly Func<byte[], int, int, byte[]> _sign;
        private readonly object _writerLock = new object();
        private CompactJwsWriter _writer;

        public Hs256SigningKey(byte[] secret)
        {
            _secret = (byte[])secret.Clone();
            if (_secret.Length >= MinimumIdentityModelKeyBytes)
            {
                _key = new SymmetricSecurityKey(_secret);
                _provider = new SymmetricSignatureProvider(_key, SecurityAlgorithms.HmacSha256, willCreateSignatures: true);
                _sign = _provider.Sign;
            }
        }

        public string CreateToken(IDictionary<string, object> extraHeader, IDictionary<string, object> payload)
        {
            if (_provider == null)
            {
                throw new InvalidOperationException("The API key secret is shorter than 16 bytes; HS256 signing refuses it.");
            }

            lock (_writerLock)
            {
                _writer = _writer ?? new CompactJwsWriter();
                string token = _writer.TryWrite(extraHeader, payload, _sign);
                if (token != null)
                {
                    return token;
                }
            }

            return CreateWithHandler(extraHeader, payload);
        }

        public bool VerifySignature(string signingInput, byte[] signature)
        {
            if (signature == null || signature.Length == 0)
            {
                return false;
            }

            byte[] input = System.Text.Encoding.ASCII.GetBytes(signingInput);
            if (_provider == null)
            {
                // Too short for IdentityModel, but a token may still have been signed with it elsewhere.
                using (var hmac = new HMACSHA256(_secret))
                {
                    return FixedTimeEquals(hmac.ComputeHash(input), signature);
                }
            }

            return _provider.Verify(input, signature);
        }

        public void Dispose()
        {
            _provider?.Dispose();
            Array.Clear(_secret, 0, _secret.Length);
        }

        /// <summary>The general path, for claim values <see cref="CompactJwsWriter"/> does not write. Its signature
        /// provider is neither cached nor kept: a factory of its own, with caching off. Not inlined, so that the
        /// handler's assembly is loaded only when this runs.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private string CreateWithHandler(IDictionary<string, object> extraHeader, IDictionary<string, object> payload)
        {
            var credentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256)
            {
                CryptoProviderFactory = new CryptoProviderFactory { CacheSignatureProviders = false },
            };
            var descriptor = new SecurityTokenDescriptor
            {
                SigningCredentials = credentials,
                TokenType = "JWT",
                AdditionalHeaderClaims = extraHeader,
                Claims = payload,
            };
            return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
        }

        private static bool FixedTimeEquals(byte[] a, byte[] b)
        {
            if (a.Length != b.Length) return false;
            int diff = 0;
            for (int i = 0; i < a.Length; i++) diff |= a[i] ^ b[i];
            return diff == 0;
        }
    }
}
