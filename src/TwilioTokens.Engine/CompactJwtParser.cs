using System;
using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using TwilioTokens.Internal;
using System.Runtime.CompilerServices;

namespace TwilioTokens.Engine
{
    /// <summary>Takes a compact JWS apart strictly: three base64url parts without padding, JSON objects in the first two.
    /// Each part is decoded from where it lies in the token, through pooled buffers: decoding many tokens allocates
    /// little beyond the values it returns.</summary>
    internal static class CompactJwtParser
    {
        /// <summary>Twilio's tokens are a few kilobytes; anything this large is not one, and is refused before any work.</summary>
        public const int MaxTokenLength = 64 * 1024;

        [MethodImpl(HotPath.Optimize)]
        public static ParsedJwt Parse(string token)
        {
            if (token.Length > MaxTokenLength)
            {
                throw new TokenFormatException(TokenFormatError.TooLarge,
                    $"The token is {token.Length} characters long; access tokens are at most {MaxTokenLength}.");
            }

            int firstDot = token.IndexOf('.');
            int secondDot = firstDot < 0 ? -1 : token.IndexOf('.', firstDot + 1);
            if (firstDot < 0 || secondDot < 0 || token.IndexOf('.', secondDot + 1) >= 0)
            {
                int parts = 1;
                foreach (char c in token) if (c == '.') parts++;
                throw new TokenFormatException(TokenFormatError.NotThreeParts,
                    $"A JWT has three parts separated by dots; this text has {parts}.");
            }

            JsonObject header = DecodeObject(token, 0, firstDot, "header");
            JsonObject payload = DecodeObject(token, firstDot + 1, secondDot - firstDot - 1, "payload");
            byte[] signature = DecodeBase64Url(token, secondDot + 1, token.Length - secondDot - 1, "signature");
            return new ParsedJwt(header, payload, token, secondDot, signature);
        }

        [MethodImpl(HotPath.Optimize)]
        private static JsonObject DecodeObject(string token, int start, int length, string name)
        {
            CheckBase64Url(token, start, length, name);

            // The JSON is only read, never kept: it is decoded into a pooled buffer, in place. Input the runtime's
            // decoder refuses (it is stricter about the unused bits of the last character) takes the path of the
            // signature below, which gives the same answer as before for everything.
            int padded = length + (4 - length % 4) % 4;
            byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(padded, 1));
            try
            {
                ReadOnlySpan<byte> json;
                if (TryDecodeInPlace(token, start, length, buffer, out int written))
                {
                    json = new ReadOnlySpan<byte>(buffer, 0, written);
                }
                else
                {
                    json = DecodeBase64Url(token, start, length, name);
                }

                JsonObject map;
                try
                {
                    map = JsonValues.ReadObject(json);
                }
                catch (Exception e) when (e is JsonException || e is InvalidOperationException)
                {
                    // InvalidOperationException: a string that is not UTF-8, found when it is read.
                    throw new TokenFormatException(TokenFormatError.InvalidJson, $"The token's {name} is not valid JSON.");
                }

                if (map == null)
                {
                    throw new TokenFormatException(TokenFormatError.NotJsonObject, $"The token's {name} is JSON but not an object.");
                }

                return map;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        [MethodImpl(HotPath.Optimize)]
        private static bool TryDecodeInPlace(string token, int start, int length, byte[] buffer, out int written)
        {
            int padded = length + (4 - length % 4) % 4;
            for (int i = 0; i < length; i++)
            {
                char c = token[start + i];
                buffer[i] = (byte)(c == '-' ? '+' : c == '_' ? '/' : c);
            }

            for (int i = length; i < padded; i++)
            {
                buffer[i] = (byte)'=';
            }

            return Base64.DecodeFromUtf8InPlace(new Span<byte>(buffer, 0, padded), out written) == OperationStatus.Done;
        }

        [MethodImpl(HotPath.Optimize)]
        private static void CheckBase64Url(string token, int start, int length, string name)
        {
            for (int i = start; i < start + length; i++)
            {
                char c = token[i];
                bool valid = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
                if (!valid)
                {
                    throw new TokenFormatException(TokenFormatError.InvalidBase64Url,
                        $"The token's {name} is not base64url: it contains '{(c < ' ' || c > '~' ? "U+" + ((int)c).ToString("X4") : c.ToString())}'.");
                }
            }

            if (length % 4 == 1)
            {
                throw new TokenFormatException(TokenFormatError.InvalidBase64Url,
                    $"The token's {name} is not base64url: its length cannot be decoded.");
            }
        }

        [MethodImpl(HotPath.Optimize)]
        internal static byte[] DecodeBase64Url(string token, int start, int length, string name)
        {
            CheckBase64Url(token, start, length, name);

            // Base64 with padding in a pooled buffer, then the BCL's own decoder: the same answer as before for every
            // input, without the substring, builder and padded copy per part.
            int padded = length + (4 - length % 4) % 4;
            char[] chars = ArrayPool<char>.Shared.Rent(Math.Max(padded, 1));
            try
            {
                for (int i = 0; i < length; i++)
                {
                    char c = token[start + i];
                    chars[i] = c == '-' ? '+' : c == '_' ? '/' : c;
                }

                for (int i = length; i < padded; i++)
                {
                    chars[i] = '=';
                }

                return Convert.FromBase64CharArray(chars, 0, padded);
            }
            finally
            {
                ArrayPool<char>.Shared.Return(chars);
            }
        }
    }
}
