using System;
using Microsoft.IdentityModel.Tokens;

namespace TwilioTokens.Engine
{
    /// <summary>Base64url without padding (RFC 7515 §2), strict on the way in.</summary>
    /// <remarks>Encoding goes through the platform's Convert rather than IdentityModel's Base64UrlEncoder.Encode: the
    /// platform's code comes precompiled, IdentityModel's encoder is a loop that a new PowerShell session runs
    /// unoptimised for thousands of tokens (about 5 µs for a payload, more than the rest of a token together).
    /// IdentityModel's decoder hands its work to the platform's and is used as it is.</remarks>
    internal static class Base64Url
    {
        private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

        public static string Encode(byte[] bytes, int offset, int count) =>
            Convert.ToBase64String(bytes, offset, count).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        /// <summary>The bytes <paramref name="text"/> encodes, or null with <paramref name="why"/> when it is not
        /// canonical base64url: the encoding of its bytes, no other text that decodes to them. IdentityModel's decoder also
        /// takes '+', '/', padding, and a last character with bits set that carry no data, and such text is not the text
        /// that was signed.</summary>
        public static byte[] TryDecode(string text, out string why)
        {
            byte[] bytes = DecodeOrNull(text);
            if (bytes != null && Encode(bytes, 0, bytes.Length) == text)
            {
                why = null;
                return bytes;
            }

            why = WhyNot(text);
            return null;
        }

        private static string WhyNot(string text)
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
