using System;
using System.Collections.Specialized;
using System.Linq;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using TwilioTokens.Internal;

namespace TwilioTokens.Engine
{
    /// <summary>Takes a compact JWS apart strictly: three canonical base64url parts without padding, JSON objects in the
    /// first two. IdentityModel decodes the base64url and System.Text.Json judges the JSON; this class only says, when
    /// they refuse a part, what is wrong with it.</summary>
    internal static class CompactJwtReader
    {
        /// <summary>Twilio's tokens are a few kilobytes; anything this large is not one, and is refused before any work.</summary>
        public const int MaxTokenLength = 64 * 1024;

        public static ParsedJwt Parse(string token)
        {
            if (token.Length > MaxTokenLength)
            {
                throw new TokenFormatException(TokenFormatError.TooLarge,
                    $"The token is {token.Length} characters long; access tokens are at most {MaxTokenLength}.");
            }

            string[] parts = token.Split('.');
            if (parts.Length != 3)
            {
                throw new TokenFormatException(TokenFormatError.NotThreeParts,
                    $"A JWT has three parts separated by dots; this text has {parts.Length}.");
            }

            OrderedDictionary header = ReadObject(Decode(parts[0], "header"), "header");
            OrderedDictionary payload = ReadObject(Decode(parts[1], "payload"), "payload");
            byte[] signature = Decode(parts[2], "signature");
            return new ParsedJwt(header, payload, token, parts[0].Length + 1 + parts[1].Length, signature);
        }

        private static byte[] Decode(string part, string name)
        {
            try
            {
                byte[] bytes = Base64UrlEncoder.DecodeBytes(part);
                // Canonical only: text that decodes to these bytes but is not their encoding (padding, or unused bits
                // set in the last character) is not the text that was signed.
                if (Base64UrlEncoder.Encode(bytes) == part)
                {
                    return bytes;
                }
            }
            catch (FormatException)
            {
            }

            throw new TokenFormatException(TokenFormatError.InvalidBase64Url, $"The token's {name} is not base64url: {WhyNotBase64Url(part)}.");
        }

        private static string WhyNotBase64Url(string part)
        {
            const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
            foreach (char c in part.Where(c => alphabet.IndexOf(c) < 0))
            {
                return $"it contains '{(c < ' ' || c > '~' ? "U+" + ((int)c).ToString("X4") : c.ToString())}'";
            }

            return part.Length % 4 == 1
                ? "its length cannot be decoded"
                : $"its last character '{part[part.Length - 1]}' sets bits that carry no data (not canonical)";
        }

        private static OrderedDictionary ReadObject(byte[] json, string name)
        {
            try
            {
                using (JsonDocument document = JsonDocument.Parse(json))
                {
                    if (document.RootElement.ValueKind != JsonValueKind.Object)
                    {
                        throw new TokenFormatException(TokenFormatError.NotJsonObject, $"The token's {name} is JSON but not an object.");
                    }

                    return ToMap(document.RootElement);
                }
            }
            catch (Exception e) when (e is JsonException || e is InvalidOperationException || e is FormatException)
            {
                // InvalidOperationException: a string that is not UTF-8, found when it is read.
                throw new TokenFormatException(TokenFormatError.InvalidJson, $"The token's {name} is not valid JSON.");
            }
        }

        private static OrderedDictionary ToMap(JsonElement element)
        {
            var map = new OrderedDictionary(StringComparer.Ordinal);
            foreach (JsonProperty property in element.EnumerateObject())
            {
                // A repeated name keeps its first place and its last value.
                map[property.Name] = ToValue(property.Value);
            }

            return map;
        }

        private static object ToValue(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    return ToMap(element);
                case JsonValueKind.Array:
                    return element.EnumerateArray().Select(ToValue).ToArray();
                case JsonValueKind.String:
                    return element.GetString();
                case JsonValueKind.Number:
                    return element.TryGetInt64(out long whole) ? whole : (object)element.GetDouble();
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                default:
                    return null;
            }
        }
    }
}
