using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TwilioTokens.Internal;

namespace TwilioTokens.Engine
{
    /// <summary>One API key secret, ready to sign and verify HS256 for the length of one cmdlet run.</summary>
    internal sealed class Hs256SigningKey : ISigningKey
    {
        // IdentityModel refuses HS256 keys under 128 bits; Twilio's secrets are 256 bits.
        private const int MinimumIdentityModelKeyBytes = 16;

        // Shared by every key in every runspace: CreateToken reads the handler's settings and keeps no per-call state;
        // the key material travels in each call's SigningCredentials, with the key's own provider factory.
        private static readonly JsonWebTokenHandler s_handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };

        private readonly byte[] _secret;
        private readonly SigningCredentials _credentials;
        private readonly KeyBoundCryptoProviderFactory _cryptoProviders;

        public Hs256SigningKey(byte[] secret)
        {
            _secret = (byte[])secret.Clone();
            if (_secret.Length >= MinimumIdentityModelKeyBytes)
            {
                var key = new SymmetricSecurityKey(_secret);
                _cryptoProviders = new KeyBoundCryptoProviderFactory(key);
                key.CryptoProviderFactory = _cryptoProviders;
                _credentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256) { CryptoProviderFactory = _cryptoProviders };
            }
        }

        public string CreateToken(IDictionary<string, object> extraHeader, IDictionary<string, object> payload)
        {
            if (_credentials == null)
            {
                throw new InvalidOperationException("The API key secret is shorter than 16 bytes; HS256 signing refuses it.");
            }

            var descriptor = new SecurityTokenDescriptor
            {
                SigningCredentials = _credentials,
                TokenType = "JWT",
                AdditionalHeaderClaims = extraHeader,
                Claims = payload,
            };
            return s_handler.CreateToken(descriptor);
        }

        public bool VerifySignature(string signingInput, byte[] signature)
        {
            if (signature == null || signature.Length == 0)
            {
                return false;
            }

            byte[] input = System.Text.Encoding.ASCII.GetBytes(signingInput);
            if (_credentials == null)
            {
                // Too short for IdentityModel, but a token may still have been signed with it elsewhere.
                using (var hmac = new HMACSHA256(_secret))
                {
                    return FixedTimeEquals(hmac.ComputeHash(input), signature);
                }
            }

            return _cryptoProviders.Provider.Verify(input, signature);
        }

        public void Dispose()
        {
            _cryptoProviders?.Dispose();
            Array.Clear(_secret, 0, _secret.Length);
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
