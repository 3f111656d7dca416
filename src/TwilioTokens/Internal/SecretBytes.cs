using System;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;

namespace TwilioTokens.Internal
{
    /// <summary>Turns a SecureString into the UTF-8 bytes HMAC needs, touching as few managed copies as it can:
    /// the unmanaged buffer and the char array are cleared before returning; the caller clears the result.</summary>
    internal static class SecretBytes
    {
        public static byte[] FromSecureString(SecureString secret)
        {
            if (secret == null || secret.Length == 0)
            {
                return new byte[0];
            }

            IntPtr unmanaged = IntPtr.Zero;
            char[] chars = new char[secret.Length];
            try
            {
                unmanaged = Marshal.SecureStringToGlobalAllocUnicode(secret);
                Marshal.Copy(unmanaged, chars, 0, chars.Length);
                return Encoding.UTF8.GetBytes(chars);
            }
            finally
            {
                Array.Clear(chars, 0, chars.Length);
                if (unmanaged != IntPtr.Zero)
                {
                    Marshal.ZeroFreeGlobalAllocUnicode(unmanaged);
                }
            }
        }

        /// <summary>For secrets that only exist as environment variables: wrap them at once so that the rest of the
        /// code handles one kind of secret.</summary>
        public static SecureString ToSecureString(string plain)
        {
            var secure = new SecureString();
            foreach (char c in plain)
            {
                secure.AppendChar(c);
            }

            secure.MakeReadOnly();
            return secure;
        }
    }
}
