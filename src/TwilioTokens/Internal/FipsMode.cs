using System;
using System.IO;
using System.Runtime.InteropServices;

namespace TwilioTokens.Internal
{
    /// <summary>Whether this Linux system runs in FIPS mode, where only the validated cryptographic module may be used:
    /// the engine's HMAC and the token ids then come from the platform (through OpenSSL's providers), not from
    /// libcrypto's SHA-256 and getrandom(2) called directly. Not meant for scripts.</summary>
    public static class FipsMode
    {
        private const string SwitchPath = "/proc/sys/crypto/fips_enabled";

        private static readonly bool s_on = RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && IsOnAccordingTo(SwitchPath);

        /// <summary>True when the kernel says the system runs in FIPS mode (read once per process).</summary>
        public static bool IsOn => s_on;

        /// <summary>True when the kernel's switch file at <paramref name="path"/> says "1"; false when it says anything
        /// else, is missing or cannot be read.</summary>
        public static bool IsOnAccordingTo(string path)
        {
            try
            {
                return File.Exists(path) && File.ReadAllText(path).Trim() == "1";
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return false;
            }
        }
    }
}
