using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Text.Json;
using TwilioTokens.Internal;

namespace TwilioTokens.Engine
{
    /// <summary>Takes a compact JWS apart strictly: three canonical base64url parts without padding (<see cref="Base64Url"/>),
    /// JSON objects in the first two, read with System.Text.Json's Utf8JsonReader, which alone judges the JSON.</summary>
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

        private static byte[] Decode(string part, string name) =>
            Base64Url.TryDecode(part, out string why) ??
            throw new TokenFormatException(TokenFormatError.InvalidBase64Url, $"The token's {name} is not base64url: {why}.");

        private static OrderedDictionary ReadObject(byte[] json, string name)
        {
            try
            {
                var reader = new Utf8JsonReader(json);
                if (!reader.Read())
                {
                    throw new JsonException("No JSON value.");
                }

                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    // Read to the end first: JSON that is not valid is invalid, whatever its first value.
                    reader.Skip();
                    reader.Read();
                    throw new TokenFormatException(TokenFormatError.NotJsonObject, $"The token's {name} is JSON but not an object.");
                }

                OrderedDictionary map = ReadMap(ref reader);
                reader.Read(); // throws on anything after the object
                return map;
            }
            catch (Exception e) when (e is JsonException || e is InvalidOperationException || e is FormatException)
            {
                // InvalidOperationException: a string that is not UTF-8, found when it is read.
                throw new TokenFormatException(TokenFormatError.InvalidJson, $"The token's {name} is not valid JSON.");
            }
        }

        private static OrderedDictionary ReadMap(ref Utf8JsonReader reader)
        {
            var map = new OrderedDictionary(StringComparer.Ordinal);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString();
                reader.Read();
                // A repeated name keeps its first place and its last value.
                map[name] = ReadValue(ref reader);
            }

            return map;
        }

        private static object ReadValue(ref Utf8JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    return ReadMap(ref reader);
                case JsonTokenType.StartArray:
                    var items = new List<object>();
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        items.Add(ReadValue(ref reader));
                    }

                    return items.ToArray();
                case JsonTokenType.String:
                    return reader.GetString();
                case JsonTokenType.Number:
                    return reader.TryGetInt64(out long whole) ? whole : (object)reader.GetDouble();
                case JsonTokenType.True:
                    return true;
                case JsonTokenType.False:
                    return false;
                default:
                    return null;
            }
        }
    }
}
