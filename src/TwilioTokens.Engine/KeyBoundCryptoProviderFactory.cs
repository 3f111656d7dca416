using System;
using Microsoft.IdentityModel.Tokens;

namespace TwilioTokens.Engine
{
    /// <summary>
    /// The crypto provider factory of one signing key. IdentityModel's default factory is process-wide and caches a
    /// signature provider per key, holding the key's bytes, until its LRU cache evicts it: an API key secret would stay
    /// reachable from static state long after the cmdlet that used it, shared by every runspace. This factory hands
    /// IdentityModel the key's own provider, caches nothing, and lets <see cref="Hs256SigningKey"/> dispose it.
    /// </summary>
    internal sealed class KeyBoundCryptoProviderFactory : CryptoProviderFactory, IDisposable
    {
        private readonly SymmetricSecurityKey _key;
        private readonly SymmetricSignatureProvider _provider;

        public KeyBoundCryptoProviderFactory(SymmetricSecurityKey key)
            : base(new NoCache())
        {
            CacheSignatureProviders = false;
            _key = key;
            _provider = new SymmetricSignatureProvider(key, SecurityAlgorithms.HmacSha256, willCreateSignatures: true);
        }

        /// <summary>The key's HS256 provider: it signs and verifies, and is safe to use from several threads.</summary>
        public SymmetricSignatureProvider Provider => _provider;

        public override SignatureProvider CreateForSigning(SecurityKey key, string algorithm) =>
            IsOurs(key, algorithm) ? _provider : base.CreateForSigning(key, algorithm);

        public override SignatureProvider CreateForSigning(SecurityKey key, string algorithm, bool cacheProvider) =>
            IsOurs(key, algorithm) ? _provider : base.CreateForSigning(key, algorithm, cacheProvider);

        public override SignatureProvider CreateForVerifying(SecurityKey key, string algorithm) =>
            IsOurs(key, algorithm) ? _provider : base.CreateForVerifying(key, algorithm);

        public override SignatureProvider CreateForVerifying(SecurityKey key, string algorithm, bool cacheProvider) =>
            IsOurs(key, algorithm) ? _provider : base.CreateForVerifying(key, algorithm, cacheProvider);

        public override void ReleaseSignatureProvider(SignatureProvider signatureProvider)
        {
            // Ours lives as long as the key; anything else was made uncached by the base class and is disposed there.
            if (!ReferenceEquals(signatureProvider, _provider))
            {
                base.ReleaseSignatureProvider(signatureProvider);
            }
        }

        public void Dispose() => _provider.Dispose();

        private bool IsOurs(SecurityKey key, string algorithm) =>
            ReferenceEquals(key, _key) && string.Equals(algorithm, SecurityAlgorithms.HmacSha256, StringComparison.Ordinal);

        /// <summary>A provider cache that never holds anything.</summary>
        private sealed class NoCache : CryptoProviderCache
        {
            protected override string GetCacheKey(SignatureProvider signatureProvider) => string.Empty;

            protected override string GetCacheKey(SecurityKey securityKey, string algorithm, string typeofProvider) => string.Empty;

            public override bool TryAdd(SignatureProvider signatureProvider) => false;

            public override bool TryGetSignatureProvider(SecurityKey securityKey, string algorithm, string typeofProvider, bool willCreateSignatures, out SignatureProvider signatureProvider)
            {
                signatureProvider = null;
                return false;
            }

            public override bool TryRemove(SignatureProvider signatureProvider) => false;
        }
    }
}
