using System.Runtime.CompilerServices;

namespace TwilioTokens.Internal
{
    /// <summary>An access token's <c>jti</c>: the API key SID, '-', and 32 hex digits of randomness (as Twilio's helper
    /// libraries write it), kept as two numbers until the text is needed. Not meant for scripts.</summary>
    public static class TokenId
    {
        /// <summary>The hex digits after the key SID and its dash.</summary>
        public const int HexDigits = 32;

        [MethodImpl(HotPath.Optimize)]
        public static string Format(string apiKeySid, ulong high, ulong low)
        {
            int prefix = apiKeySid.Length + 1;
            var chars = new char[prefix + HexDigits];
            apiKeySid.CopyTo(0, chars, 0, apiKeySid.Length);
            chars[prefix - 1] = '-';
            for (int i = 0; i < 16; i++)
            {
                chars[prefix + i] = HexDigit(high, i);
                chars[prefix + 16 + i] = HexDigit(low, i);
            }

            return new string(chars);
        }

        /// <summary>The <paramref name="index"/>th hex digit (0 the most significant) of <paramref name="value"/>, lower case.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static char HexDigit(ulong value, int index)
        {
            int digit = (int)(value >> (60 - 4 * index)) & 0xF;
            return (char)(digit < 10 ? '0' + digit : 'a' + digit - 10);
        }
    }
}
