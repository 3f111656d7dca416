using System;
using System.Collections.Generic;
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
        private readonly DateTime? _notBeforeTime;
        private readonly string _region;

        // The jti's random part is drawn for many tokens at once (SystemRandom): one call into the system's generator
        // costs several microseconds whatever its size (a system call), more than the rest of a token together.
        private const int IdRandomBytes = 16;
        private readonly byte[] _randomPool = new byte[IdRandomBytes * 256];
        private int _randomOffset;

        // The engine reads the claims while signing and keeps nothing of them, so one instance serves every token of
        // the run (a TokenMinter serves one cmdlet, on one thread).
        private readonly AccessTokenClaims _claims = new AccessTokenClaims();

        // What the last token minted shares with the next, while its grants and fixed claims stay the same.
        private MintingRun _run;

        public TokenMinter(ISigningKey key, string accountSid, string apiKeySid, int ttlSeconds, DateTime? notBefore, string region)
        {
            _key = key;
            _accountSid = accountSid;
            _apiKeySid = apiKeySid;
            _ttlSeconds = ttlSeconds;
            _notBefore = notBefore.HasValue ? new DateTimeOffset(notBefore.Value.ToUniversalTime()).ToUnixTimeSeconds() : (long?)null;
            _notBeforeTime = _notBefore.HasValue ? UnixTime.ToDateTime(_notBefore.Value) : (DateTime?)null;
            _region = region;
            _randomOffset = _randomPool.Length;
            var extraHeader = new Dictionary<string, object> { { "cty", ContentType } };
            if (region != null)
            {
                extraHeader.Add("twr", region);
            }

            _claims.ExtraHeader = extraHeader;
            _claims.Issuer = apiKeySid;
            _claims.Subject = accountSid;
            _claims.NotBefore = _notBefore;
        }

        public AccessToken Mint(string identity, GrantSet grants)
        {
            long issuedAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            long expiresAt = issuedAt + _ttlSeconds;
            NewTokenId(out ulong idHigh, out ulong idLow);

            _claims.IdHigh = idHigh;
            _claims.IdLow = idLow;
            _claims.IssuedAt = issuedAt;
            _claims.ExpiresAt = expiresAt;
            _claims.Identity = identity;
            _claims.Grants = grants.Claims;
            IAccessTokenText text = _key.SignAccessToken(_claims, out TokenMac mac);
            MintingRun run = _run;
            if (run == null || !run.IsFor(text, grants.Grants))
            {
                _run = run = new MintingRun(text, _accountSid, _apiKeySid, _ttlSeconds, _notBeforeTime, _region, grants.Grants);
            }

            return new AccessToken(run, mac, identity, idHigh, idLow, issuedAt);
        }

        /// <summary>The <c>jti</c>'s random part: 16 bytes, as two numbers (most significant first). Twilio's docs ask
        /// for a unique random string, and the helper libraries' unix-time suffix collides when many tokens are minted
        /// in one second.</summary>
        private void NewTokenId(out ulong high, out ulong low)
        {
            if (_randomOffset == _randomPool.Length)
            {
                SystemRandom.Fill(_randomPool);
                _randomOffset = 0;
            }

            high = 0;
            low = 0;
            for (int i = 0; i < 8; i++)
            {
                high = (high << 8) | _randomPool[_randomOffset + i];
                low = (low << 8) | _randomPool[_randomOffset + 8 + i];
            }

            // Each random byte is used once.
            Array.Clear(_randomPool, _randomOffset, IdRandomBytes);
            _randomOffset += IdRandomBytes;
        }

        /// <summary>Disposes the signing key (which clears its copy of the secret) and clears the unused random bytes.</summary>
        public void Dispose()
        {
            _key.Dispose();
            Array.Clear(_randomPool, 0, _randomPool.Length);
        }
    }
}
