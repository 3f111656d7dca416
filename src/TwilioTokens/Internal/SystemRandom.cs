using System;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Threading;

namespace TwilioTokens.Internal
{
    /// <summary>Cryptographically secure random bytes, for token ids: the kernel's <c>getrandom(2)</c> on Linux, the
    /// platform's generator elsewhere, in FIPS mode (<see cref="FipsMode"/>), or wherever <c>getrandom</c> cannot be
    /// called.</summary>
    /// <remarks>On Linux the platform's generator is OpenSSL's, through .NET's OpenSSL shim: its first call loads and
    /// initialises the shim and libssl, about 8 ms of a new session's first token, and minting needs nothing else from
    /// them (the HMAC calls libcrypto's SHA-256 directly). <c>getrandom</c> is the source OpenSSL itself seeds from
    /// (docs/performance.md).</remarks>
    internal static class SystemRandom
    {
        private const int Interrupted = 4; // EINTR

        private static readonly bool s_getRandom = CanCallGetRandom();
        private static RandomNumberGenerator s_platform;

        /// <summary>True where <c>getrandom(2)</c> fills the buffers.</summary>
        public static bool UsesGetRandom => s_getRandom;

        /// <summary>Fills <paramref name="buffer"/> with random bytes.</summary>
        public static void Fill(byte[] buffer)
        {
            if (buffer.Length == 0 || (s_getRandom && TryGetRandom(buffer)))
            {
                return;
            }

            LazyInitializer.EnsureInitialized(ref s_platform, RandomNumberGenerator.Create).GetBytes(buffer);
        }

        private static bool TryGetRandom(byte[] buffer)
        {
            int filled = 0;
            while (filled < buffer.Length)
            {
                long written = (long)GetRandom(ref buffer[filled], (UIntPtr)(buffer.Length - filled), 0);
                if (written < 0)
                {
                    if (Marshal.GetLastWin32Error() == Interrupted) continue;
                    return false;
                }

                filled += (int)written;
            }

            return true;
        }

        private static bool CanCallGetRandom()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || FipsMode.IsOn)
            {
                return false;
            }

            try
            {
                return TryGetRandom(new byte[16]);
            }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException)
            {
                return false; // not glibc (musl names its library otherwise), or a glibc older than 2.25
            }
        }

        // Blocks only until the kernel's generator is first seeded after boot, as the platform's does.
        [DllImport("libc.so.6", EntryPoint = "getrandom", SetLastError = true)]
        private static extern IntPtr GetRandom(ref byte buffer, UIntPtr length, uint flags);
    }
}
