using System;

namespace TwilioTokens.Engine
{
    /// <summary>HMAC-SHA256 with one key, for one <see cref="Hs256SigningKey"/>: not thread-safe (the key locks around
    /// it). Dispose clears what was derived from the key.</summary>
    internal abstract class HmacSha256 : IDisposable
    {
        public const int MacLength = 32;

        /// <summary>The fastest implementation this platform has: OpenSSL's SHA-256 called directly on Linux
        /// (<see cref="OpenSslHmacSha256"/>), the platform's HMAC elsewhere.</summary>
        public static HmacSha256 Create(byte[] key) => (HmacSha256)OpenSslHmacSha256.TryCreate(key) ?? new PlatformHmacSha256(key);

        /// <summary>The MAC of <c>buffer[offset..offset+count)</c>. The array returned may be this object's own buffer:
        /// read it before the next call.</summary>
        public abstract byte[] Hash(byte[] buffer, int offset, int count);

        public abstract void Dispose();
    }
}
