using System.Collections.Specialized;
using System.Text.Json;

namespace TwilioTokens.Engine
{
    /// <summary>Turns parsed JSON into the BCL shapes the root assembly reads: ordered dictionaries, arrays,
    /// strings, booleans, longs, doubles. Collections are created at their final size: growing an OrderedDictionary
    /// copies its list and rehashes its table, which was a large share of decoding.</summary>
    internal static class JsonValues
    {
        public static object FromElement(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    int count = 0;
                    foreach (JsonProperty _ in element.EnumerateObject())
                    {
                        count++;
                    }

                    var map = new OrderedDictionary(count, System.StringComparer.Ordinal);
                    foreach (JsonProperty property in element.EnumerateObject())
                    {
                        map[property.Name] = FromElement(property.Value);
                    }

                    return map;
                case JsonValueKind.Array:
                    var items = new object[element.GetArrayLength()];
                    int index = 0;
                    foreach (JsonElement item in element.EnumerateArray())
                    {
                        items[index++] = FromElement(item);
                    }

                    return items;
                case JsonValueKind.String:
                    return element.GetString();
                case JsonValueKind.Number:
                    return element.TryGetInt64(out long whole) ? (object)whole : element.GetDouble();
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
