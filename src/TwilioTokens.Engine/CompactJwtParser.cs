using System;
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using TwilioTokens.Internal;

namespace TwilioTokens.Engine
{
    /// <summary>Takes a compact JWS apart strictly: three base64url parts without padding, JSON objects in the first two.
    /// Each part is decoded from where it lies in the token, through pooled buffers: decoding many tokens allocates
    /// little beyond the values it returns.</summary>
    internal static class CompactJwtParser
    {
        /// <summary>Twilio's tokens are a few kilobytes; anything this large is not one, and is refused before any work.</summary>
        public const int MaxTokenLength = 64 * 1024;

        /// <param name="repeated">What to share with the tokens parsed before (SIDs, integers, the header), or null.</param>
        [MethodImpl(HotPath.Optimize)]
        public static ParsedJwt Parse(string token, RepeatedValues repeated = null)
        {
            FindDots(token, out int firstDot, out int secondDot);

            // A run's tokens mostly share their header: the one read for the token before is used again when the text is
            // the same (JsonObjects are read-only), instead of being decoded and read again.
            JsonObject header = repeated?.FindHeader(token, firstDot);
            if (header == null)
            {
                header = DecodeObject(token, 0, firstDot, "header", null);
                repeated?.RememberHeader(token, firstDot, header);
            }

            JsonObject payload = DecodeObject(token, firstDot + 1, secondDot - firstDot - 1, "payload", repeated);
            byte[] signature = DecodeBase64Url(token, secondDot + 1, token.Length - secondDot - 1, "signature");
            return new ParsedJwt(header, payload, token, secondDot, signature);
        }

        /// <summary>The payload alone, for a token <see cref="Parse"/> has read before: its header and signature are
        /// neither decoded nor checked again. The token's shape and its payload fail as they do in Parse.</summary>
        public static JsonObject ParsePayload(string token)
        {
            FindDots(token, out int firstDot, out int secondDot);
            return DecodeObject(token, firstDot + 1, secondDot - firstDot - 1, "payload", null);
        }

        /// <summary>Where the two dots of a compact JWS are; throws when the text is too large or not three parts.</summary>
        [MethodImpl(HotPath.Optimize)]
        private static void FindDots(string token, out int firstDot, out int secondDot)
        {
            if (TryFindDots(token, out firstDot, out secondDot))
            {
                return;
            }

            if (token.Length > MaxTokenLength)
            {
                throw new TokenFormatException(TokenFormatError.TooLarge,
                    $"The token is {token.Length} characters long; access tokens are at most {MaxTokenLength}.");
            }

            int parts = 1;
            foreach (char c in token) if (c == '.') parts++;
            throw new TokenFormatException(TokenFormatError.NotThreeParts,
                $"A JWT has three parts separated by dots; this text has {parts}.");
        }

        /// <summary>Where the two dots of a compact JWS are, or false when the text is too large or not three parts
        /// (<see cref="FindDots"/> says which; AccessTokenSkimmer leaves such a text to the parser).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static bool TryFindDots(string token, out int firstDot, out int secondDot)
        {
            firstDot = -1;
            secondDot = -1;
            if (token.Length > MaxTokenLength)
            {
                return false;
            }

            firstDot = token.IndexOf('.');
            secondDot = firstDot < 0 ? -1 : token.IndexOf('.', firstDot + 1);
            return secondDot >= 0 && token.IndexOf('.', secondDot + 1) < 0;
        }

        [MethodImpl(HotPath.Optimize)]
        private static JsonObject DecodeObject(string token, int start, int length, string name, RepeatedValues repeated)
        {
            // The JSON is only read, never kept: it is decoded into a pooled buffer.
            byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(Base64Url.DecodedLength(length), 1));
            try
            {
                int written = Decode(token, start, length, buffer, name);
                JsonObject map;
                try
                {
                    map = JsonValues.ReadObject(new ReadOnlySpan<byte>(buffer, 0, written), repeated);
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
        internal static byte[] DecodeBase64Url(string token, int start, int length, string name)
        {
            var bytes = new byte[Base64Url.DecodedLength(length)];
            Decode(token, start, length, bytes, name);
            return bytes;
        }

        /// <summary>Base64url into <paramref name="destination"/>, or the error that says which part is not base64url.</summary>
        [MethodImpl(HotPath.Optimize)]
        private static int Decode(string token, int start, int length, byte[] destination, string name)
        {
            int written = Base64Url.TryDecode(token, start, length, destination, out int invalidAt);
            if (written >= 0)
            {
                return written;
            }

            if (invalidAt < 0)
            {
                throw new TokenFormatException(TokenFormatError.InvalidBase64Url,
                    $"The token's {name} is not base64url: its length cannot be decoded.");
            }

            char c = token[invalidAt];
            throw new TokenFormatException(TokenFormatError.InvalidBase64Url,
                $"The token's {name} is not base64url: it contains '{(c < ' ' || c > '~' ? "U+" + ((int)c).ToString("X4") : c.ToString())}'.");
        }
    }
}
