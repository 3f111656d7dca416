using System.Collections.Generic;
using System.Collections.Specialized;
using System.Text.Json;

namespace TwilioTokens.Engine
{
    /// <summary>Turns parsed JSON into the BCL shapes the root assembly reads: ordered dictionaries, arrays,
    /// strings, booleans, longs, doubles.</summary>
    internal static class JsonValues
    {
        public static object FromElement(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    var map = new OrderedDictionary(System.StringComparer.Ordinal);
                    foreach (JsonProperty property in element.EnumerateObject())
                    {
                        map[property.Name] = FromElement(property.Value);
                    }

                    return map;
                case JsonValueKind.Array:
                    var items = new List<object>();
                    foreach (JsonElement item in element.EnumerateArray())
                    {
                        items.Add(FromElement(item));
                    }

                    return items.ToArray();
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
