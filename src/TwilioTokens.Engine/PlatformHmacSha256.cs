using System;
using System.Reflection;
using System.Security.Cryptography;

namespace TwilioTokens.Engine
{
    /// <summary>The platform's HMAC-SHA256 (<see cref="IncrementalHash"/>): CNG on Windows, OpenSSL through .NET's shim
    /// on Linux, CommonCrypto on macOS. Used wherever <see cref="OpenSslHmacSha256"/> is not.</summary>
    internal sealed class PlatformHmacSha256 : HmacSha256
    {
        private readonly IncrementalHash _hmac;

        // IncrementalHash.TryGetHashAndReset(Span<byte>, out int), reached by reflection because netstandard2.0 does not
        // name it: on .NET Core it writes the MAC into _mac, where GetHashAndReset() (all Windows PowerShell's .NET
        // Framework has, and all this assembly can call directly) allocates an array a token, and the byte[] paths took
        // about 100 ns a token more (MintPartsBenchmarks: 888-890 against 991-1,004 ns). Null where it is missing.
        private delegate bool TryHashInto(Span<byte> destination, out int bytesWritten);
        private readonly TryHashInto _tryHashInto;
        private readonly byte[] _mac = new byte[MacLength];

        public PlatformHmacSha256(byte[] key)
            : this(key, withoutSpanOverload: false)
        {
        }

        /// <param name="withoutSpanOverload">For tests: the byte[] path Windows PowerShell takes, on any runtime.</param>
        internal PlatformHmacSha256(byte[] key, bool withoutSpanOverload)
        {
            _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
            _tryHashInto = withoutSpanOverload ? null : SpanOverload(_hmac);
        }

        internal bool UsesSpanOverload => _tryHashInto != null;

        private static TryHashInto SpanOverload(IncrementalHash hmac)
        {
            MethodInfo method = typeof(IncrementalHash).GetMethod("TryGetHashAndReset",
                new[] { typeof(Span<byte>), typeof(int).MakeByRefType() });
            if (method == null || method.ReturnType != typeof(bool))
            {
                return null;
            }

            try
            {
                return (TryHashInto)Delegate.CreateDelegate(typeof(TryHashInto), hmac, method);
            }
            catch (ArgumentException)
            {
                return null; // a Span<byte> of another assembly than the runtime's: the byte[] path still works
            }
        }

        public override byte[] Hash(byte[] buffer, int offset, int count)
        {
            _hmac.AppendData(buffer, offset, count);
            if (_tryHashInto == null)
            {
                return _hmac.GetHashAndReset();
            }

            if (!_tryHashInto(_mac, out int written) || written != _mac.Length)
            {
                throw new CryptographicException("HMAC-SHA256 did not write a 32-byte MAC.");
            }

            return _mac;
        }

        public override void Dispose()
        {
            _hmac.Dispose();
            Array.Clear(_mac, 0, _mac.Length);
        }
    }
}
