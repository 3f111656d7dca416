using System;
using System.Globalization;
using System.Linq;
using System.Security;
using System.Text.Json;

namespace TwilioTokens.Engine.Rest
{
    /// <summary>Reads Twilio's key JSON (<c>api.v2010.account.key</c>, <c>new_key</c> and IAM v1's keys) into the root assembly's types.
    /// Throws <see cref="FormatException"/> naming the field that is not as documented.</summary>
    internal static class ApiKeyJson
    {
        /// <summary>RFC 2822 as Twilio writes it ("Mon, 13 Jun 2016 22:50:08 +0000"), with or without the weekday and with
        /// one- or two-digit days.</summary>
        private static readonly string[] Rfc2822Formats =
        {
            "ddd, dd MMM yyyy HH:mm:ss zzz", "ddd, d MMM yyyy HH:mm:ss zzz", "dd MMM yyyy HH:mm:ss zzz", "d MMM yyyy HH:mm:ss zzz",
        };

        /// <param name="lenient">For a created key, whose answer must not be lost over a detail: a friendly name or date
        /// that is not as documented is read as null. The SID is required either way.</param>
        public static ApiKey ReadKey(JsonElement element, string accountSid, bool lenient = false)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("a key is not a JSON object");
            }

            string sid = Text(element, "sid");
            if (string.IsNullOrEmpty(sid))
            {
                throw new FormatException("a key has no \"sid\"");
            }

            var key = new ApiKey(sid, Text(element, "friendly_name", lenient), Date(element, "date_created", lenient), Date(element, "date_updated", lenient), accountSid)
            {
                Flags = Strings(element, "flags", lenient),
            };
            if (element.TryGetProperty("policy", out JsonElement policy) && policy.ValueKind != JsonValueKind.Null)
            {
                key.Permission = policy.ValueKind == JsonValueKind.Object ? Strings(policy, "allow", lenient) ?? new string[0]
                    : lenient ? null : throw new FormatException("\"policy\" is not an object");
            }

            // IAM v1's flags: a Standard key has rest_api and signing; a Restricted key says so. Anything else is left unnamed.
            string[] flags = key.Flags;
            key.KeyType = flags == null ? (key.Permission != null ? ApiKeyType.Restricted : (ApiKeyType?)null)
                : flags.Contains("restricted") || key.Permission != null ? ApiKeyType.Restricted
                : flags.Contains("main") ? ApiKeyType.Main
                : flags.Length == 2 && flags.Contains("rest_api") && flags.Contains("signing") ? ApiKeyType.Standard
                : (ApiKeyType?)null;
            return key;
        }

        /// <summary>An array of strings, or null when absent.</summary>
        private static string[] Strings(JsonElement element, string name, bool lenient)
        {
            if (!element.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(item => item.ValueKind != JsonValueKind.String))
            {
                return lenient ? null : throw new FormatException($"\"{name}\" is not an array of strings");
            }

            return value.EnumerateArray().Select(item => item.GetString()).ToArray();
        }

        /// <summary>The <c>secret</c> of a create answer, copied straight from the UTF-8 body into a SecureString: no
        /// managed string of it is made here. The caller clears the body.</summary>
        public static SecureString ReadSecret(byte[] body)
        {
            var reader = new Utf8JsonReader(body);
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("secret"))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String || reader.ValueSpan.Length == 0)
                    {
                        break;
                    }

                    char[] chars = new char[reader.ValueSpan.Length];
                    try
                    {
                        int length = reader.CopyString(chars);
                        var secret = new SecureString();
                        for (int i = 0; i < length; i++)
                        {
                            secret.AppendChar(chars[i]);
                        }

                        secret.MakeReadOnly();
                        return secret;
                    }
                    finally
                    {
                        Array.Clear(chars, 0, chars.Length);
                    }
                }
            }

            throw new FormatException("the created key has no \"secret\"");
        }

        public static DateTimeOffset? ParseDate(string text)
        {
            if (text == null)
            {
                return null;
            }

            if (DateTimeOffset.TryParseExact(text.Trim(), Rfc2822Formats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out DateTimeOffset value) ||
                DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value))
            {
                return value;
            }

            throw new FormatException($"the date '{TwilioErrorReader.Printable(text)}' is neither RFC 2822 nor ISO 8601");
        }

        private static DateTimeOffset? Date(JsonElement element, string name, bool lenient)
        {
            try
            {
                return ParseDate(Text(element, name));
            }
            catch (FormatException) when (lenient)
            {
                return null;
            }
        }

        private static string Text(JsonElement element, string name, bool lenient = false)
        {
            if (!element.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                return lenient ? null : throw new FormatException($"\"{name}\" is not a string");
            }

            return value.GetString();
        }
    }
}
