using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TwilioTokens.Internal;

namespace TwilioTokens.Engine
{
    /// <summary>
    /// One API key secret, ready to sign and verify HS256 for the length of one cmdlet run.
    /// The HMAC-SHA256 (<see cref="HmacSha256.Create"/>) is kept by this key alone and disposed with it. Not
    /// IdentityModel's signature provider: SymmetricSignatureProvider.Sign copies the key bytes on every call (a fresh
    /// copy of the secret on the heap per token), and its process-wide cache would keep the secret reachable after the
    /// cmdlet ends. Nor its CryptoProviderFactory, whose HMACSHA256 is the same algorithm but whose own set-up cost a
    /// new session several milliseconds on the first token (docs/performance.md). Tokens are written by
    /// <see cref="CompactJwsWriter"/>; JsonWebTokenHandler is only reached for claim values that writer leaves to it,
    /// so a plain run never loads or compiles the handler.
    /// </summary>
    internal sealed class Hs256SigningKey : ISigningKey
    {
        // IdentityModel refuses HS256 keys under 128 bits; Twilio's secrets are 256 bits.
        private const int MinimumIdentityModelKeyBytes = 16;

        private readonly byte[] _secret;

        private readonly HmacSha256 _hmac;
        private readonly Func<byte[], int, int, byte[]> _sign;

        // Guards _hmac and _writer: the HMAC keeps state between calls.
        private readonly object _lock = new object();
        private CompactJwsWriter _writer;

        public Hs256SigningKey(byte[] secret)
            : this(secret, HmacSha256.Create)
        {
        }

        /// <summary>For tests: a key with a chosen HMAC implementation.</summary>
        internal Hs256SigningKey(byte[] secret, Func<byte[], HmacSha256> createHmac)
        {
            _secret = (byte[])secret.Clone();
            // A secret too short for IdentityModel to sign with still verifies: a token may have been signed with it elsewhere.
            _hmac = createHmac(_secret);
            _sign = _hmac.Hash;
        }

        internal HmacSha256 Hmac => _hmac;

        private bool CanSign => _secret.Length >= MinimumIdentityModelKeyBytes;

        // Created on first signing: a key that only verifies (ConvertFrom- and Test-TwilioAccessToken) never needs one.
        // Used under _lock.
        private CompactJwsWriter Writer => _writer ?? (_writer = new CompactJwsWriter());

        private void ThrowIfCannotSign()
        {
            if (!CanSign)
            {
                throw new InvalidOperationException("The API key secret is shorter than 16 bytes; HS256 signing refuses it.");
            }
        }

        public string CreateToken(IDictionary<string, object> extraHeader, IDictionary<string, object> payload)
        {
            ThrowIfCannotSign();
            lock (_lock)
            {
                string token = Writer.TryWrite(extraHeader, payload, _sign);
                if (token != null)
                {
                    return token;
                }
            }

            return CreateWithHandler(extraHeader, payload);
        }

        public IAccessTokenText SignAccessToken(AccessTokenClaims claims, out TokenMac mac)
        {
            ThrowIfCannotSign();
            lock (_lock)
            {
                AccessTokenText text = Writer.TrySignAccessToken(claims, _sign, out mac);
                if (text != null)
                {
                    return text;
                }
            }

            // The writer refuses the same values in either form, so the dictionaries go straight to the handler.
            mac = default;
            return new HandlerWrittenText(CreateWithHandler(claims.ExtraHeader, claims.ToPayload()));
        }

        public bool VerifySignature(string token, int signingInputLength, byte[] signature)
        {
            if (signature == null || signature.Length == 0)
            {
                return false;
            }

            var input = new byte[signingInputLength];
            System.Text.Encoding.ASCII.GetBytes(token, 0, signingInputLength, input, 0);
            lock (_lock)
            {
                // Compared under the lock: the MAC may be in the buffer the next signing overwrites.
                return FixedTimeEquals(_hmac.Hash(input, 0, input.Length), signature);
            }
        }

        public void Dispose()
        {
            lock (_lock)
            {
                _hmac.Dispose();
            }

            Array.Clear(_secret, 0, _secret.Length);
        }

        /// <summary>The general path, for claim values <see cref="CompactJwsWriter"/> does not write: JsonWebTokenHandler,
        /// with this key's own provider factory (<see cref="KeyBoundCryptoProviderFactory"/>) so that IdentityModel's
        /// process-wide cache never holds the secret. Not inlined, so that the handler's assembly is loaded only when
        /// this runs.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private string CreateWithHandler(IDictionary<string, object> extraHeader, IDictionary<string, object> payload)
        {
            var key = new SymmetricSecurityKey(_secret);
            using (var providers = new KeyBoundCryptoProviderFactory(key))
            {
                key.CryptoProviderFactory = providers;
                var descriptor = new SecurityTokenDescriptor
                {
                    SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256) { CryptoProviderFactory = providers },
                    TokenType = "JWT",
                    AdditionalHeaderClaims = extraHeader,
                    Claims = payload,
                };
                return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
            }
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
