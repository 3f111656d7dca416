using System;
using Microsoft.IdentityModel.Tokens;

namespace TwilioTokens.Engine
{
    /// <summary>Base64url without padding (RFC 7515 §2), strict on the way in.</summary>
    /// <remarks>Encoding is the construction RFC 7515 Appendix C gives, over the platform's Convert, rather than
    /// IdentityModel's Base64UrlEncoder.Encode: the platform's code comes precompiled, IdentityModel's encoder is a loop
    /// that a new PowerShell session runs unoptimised for thousands of tokens (about 5 µs for a payload, more than the
    /// rest of a token together).</remarks>
    internal static class Base64Url
    {
        private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

        public static string Encode(byte[] bytes, int offset, int count) =>
            Convert.ToBase64String(bytes, offset, count).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        /// <summary>The bytes <paramref name="text"/> encodes (decoded by IdentityModel's Base64UrlEncoder), or null with
        /// <paramref name="why"/> when it is not canonical base64url: only the alphabet's characters (IdentityModel's
        /// decoder also takes '+', '/', padding and white space), a length that decodes, and no bits set that carry no
        /// data in its last character. Text that merely decodes to the bytes is not the text that was signed.</summary>
        public static byte[] TryDecode(string text, out string why)
        {
            // Canonical text is exactly what its bytes encode to: one comparison, in the platform's precompiled code,
            // settles all three rules for a good part. Only a part that fails is looked at character by character.
            byte[] bytes = DecodeOrNull(text);
            if (bytes != null && string.Equals(Encode(bytes, 0, bytes.Length), text, StringComparison.Ordinal))
            {
                why = null;
                return bytes;
            }

            why = Diagnose(text);
            return null;
        }

        /// <summary>Why <paramref name="text"/> is not canonical base64url, in the order a reader would look.</summary>
        private static string Diagnose(string text)
        {
            foreach (char c in text)
            {
                if (Alphabet.IndexOf(c) < 0)
                {
                    return $"it contains '{(c < ' ' || c > '~' ? "U+" + ((int)c).ToString("X4") : c.ToString())}'";
                }
            }

            return text.Length % 4 == 1
                ? "its length cannot be decoded"
                : $"its last character '{text[text.Length - 1]}' sets bits that carry no data (not canonical)";
        }

        private static byte[] DecodeOrNull(string text)
        {
            try
            {
                return Base64UrlEncoder.DecodeBytes(text);
            }
            catch (FormatException)
            {
                return null;
            }
        }
    }
}
