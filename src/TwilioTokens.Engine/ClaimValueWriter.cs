using System;
using System.Collections;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace TwilioTokens.Engine
{
    /// <summary>Writes a grant's value as JSON, as JsonWebTokenHandler writes the same values: strings, booleans,
    /// numbers, null, dictionaries (any IDictionary, names as invariant strings) and lists (any other IEnumerable).</summary>
    internal static class ClaimValueWriter
    {
        /// <summary>The UTF-8 JSON of <paramref name="value"/>, with the escaping of the token's own writer.</summary>
        /// <exception cref="ArgumentException">The value, or one inside it, has no JSON form.</exception>
        public static byte[] ToJson(object value)
        {
            using (var buffer = new MemoryStream())
            {
                using (var json = new Utf8JsonWriter(buffer, AccessTokenWriter.Options))
                {
                    Write(json, value);
                }

                return buffer.ToArray();
            }
        }

        private static void Write(Utf8JsonWriter json, object value)
        {
            switch (value)
            {
                case null:
                    json.WriteNullValue();
                    break;
                case string text:
                    json.WriteStringValue(text);
                    break;
                case bool flag:
                    json.WriteBooleanValue(flag);
                    break;
                case int _:
                case long _:
                case short _:
                case byte _:
                case sbyte _:
                case ushort _:
                case uint _:
                    json.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                    break;
                case ulong whole:
                    json.WriteNumberValue(whole);
                    break;
                case double real:
                    json.WriteNumberValue(real);
                    break;
                case float single:
                    json.WriteNumberValue(single);
                    break;
                case decimal exact:
                    json.WriteNumberValue(exact);
                    break;
                case IDictionary map:
                    json.WriteStartObject();
                    foreach (DictionaryEntry entry in map)
                    {
                        json.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture));
                        Write(json, entry.Value);
                    }

                    json.WriteEndObject();
                    break;
                case IEnumerable list:
                    json.WriteStartArray();
                    foreach (object item in list)
                    {
                        Write(json, item);
                    }

                    json.WriteEndArray();
                    break;
                default:
                    throw new ArgumentException(
                        $"it holds a {value.GetType().FullName}, which has no JSON form (a grant holds strings, numbers, booleans, hashtables and arrays)");
            }
        }
    }
}
