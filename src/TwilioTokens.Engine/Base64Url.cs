using System;
using Microsoft.IdentityModel.Tokens;

namespace TwilioTokens.Engine
{
    /// <summary>Base64url without padding (RFC 7515 §2), strict on the way in.</summary>
    /// <remarks>Encoding goes through the platform's Convert rather than IdentityModel's Base64UrlEncoder.Encode: the
    /// platform's code comes precompiled, IdentityModel's encoder is a loop that a new PowerShell session runs
    /// unoptimised for thousands of tokens (about 5 µs for a payload, more than the rest of a token together).</remarks>
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
            foreach (char c in text)
            {
                if (Alphabet.IndexOf(c) < 0)
                {
                    why = $"it contains '{(c < ' ' || c > '~' ? "U+" + ((int)c).ToString("X4") : c.ToString())}'";
                    return null;
                }
            }

            if (text.Length % 4 == 1)
            {
                why = "its length cannot be decoded";
                return null;
            }

            // Only a last group of one or two bytes leaves bits unused: it alone is encoded again to compare. Where the
            // decoder refuses such bits itself, it throws.
            byte[] bytes = DecodeOrNull(text);
            int tail = bytes == null ? 0 : bytes.Length % 3;
            if (bytes == null ||
                (tail != 0 && string.CompareOrdinal(text, text.Length - tail - 1, Encode(bytes, bytes.Length - tail, tail), 0, tail + 1) != 0))
            {
                why = $"its last character '{text[text.Length - 1]}' sets bits that carry no data (not canonical)";
                return null;
            }

            why = null;
            return bytes;
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
