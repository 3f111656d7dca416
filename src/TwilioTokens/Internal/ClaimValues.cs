using System.Collections;
using System.Collections.Generic;

namespace TwilioTokens.Internal
{
    /// <summary>
    /// The engine writes JSON from generic dictionaries and lists only. Values that arrive in other shapes (decoded
    /// ordered dictionaries, hashtables, PSCustomObject-derived maps, arrays) are copied into those forms here.
    /// </summary>
    internal static class ClaimValues
    {
        public static object ToWritable(object value)
        {
            switch (value)
            {
                case null:
                case string _:
                case bool _:
                    return value;
                case IDictionary map:
                    var copy = new Dictionary<string, object>(map.Count);
                    foreach (DictionaryEntry entry in map)
                    {
                        copy[entry.Key.ToString()] = ToWritable(entry.Value);
                    }

                    return copy;
                case IEnumerable list:
                    var items = new List<object>();
                    foreach (object item in list)
                    {
                        items.Add(ToWritable(item));
                    }

                    return items;
                default:
                    return value;
            }
        }
    }
}
