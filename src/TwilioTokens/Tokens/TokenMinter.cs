using System;
using TwilioTokens.Internal;

namespace TwilioTokens
{
    /// <summary>Mints tokens for one key, account and lifetime: what is the same for every identity of one
    /// New-TwilioAccessToken run is prepared once here.</summary>
    internal sealed class TokenMinter : IDisposable
    {
        private readonly ISigningKey _key;
        private readonly string _accountSid;
        private readonly string _apiKeySid;
        private readonly int _ttlSeconds;
        private readonly long? _notBefore;
        private readonly string _region;
        private readonly TokenId _ids = new TokenId();

        public TokenMinter(ISigningKey key, string accountSid, string apiKeySid, int ttlSeconds, DateTime? notBefore, string region)
        {
            _key = key;
            _accountSid = accountSid;
            _apiKeySid = apiKeySid;
            _ttlSeconds = ttlSeconds;
            // Whole seconds, as the token carries them.
            _notBefore = notBefore.HasValue ? UnixTime.ToSeconds(notBefore.Value) : (long?)null;
            _region = region;
        }

        public AccessToken Mint(string identity, GrantSet grants)
        {
            long issuedAt = UnixTime.ToSeconds(DateTime.UtcNow);
            var claims = new AccessTokenClaims
            {
                Id = _ids.Next(_apiKeySid),
                Issuer = _apiKeySid,
                Subject = _accountSid,
                IssuedAt = issuedAt,
                NotBefore = _notBefore,
                ExpiresAt = issuedAt + _ttlSeconds,
                Region = _region,
                Identity = identity,
                Grants = grants.Claims,
            };
            string jwt = _key.SignAccessToken(claims);
            return new AccessToken(jwt, identity, _accountSid, _apiKeySid, claims.Id, UnixTime.ToTime(issuedAt),
                _notBefore.HasValue ? UnixTime.ToTime(_notBefore.Value) : (DateTimeOffset?)null, UnixTime.ToTime(claims.ExpiresAt), _region, grants.Grants);
        }

        /// <summary>Disposes the signing key, which clears its copy of the secret.</summary>
        public void Dispose()
        {
            _key.Dispose();
            _ids.Dispose();
        }
    }
}
