using System;
using System.Collections;
using System.Collections.Specialized;
using System.Globalization;
using System.Management.Automation;

namespace TwilioTokens
{
    /// <summary>What PowerShell hands a grant, made into the values a token's JSON holds: PSObject wrappers removed
    /// (<c>1..3 | ForEach-Object { $_ }</c> wraps each number), hashtables and PSCustomObjects at any depth made ordered
    /// dictionaries, lists made object[]. Anything else is kept as it is, for the JSON writer to take or refuse.</summary>
    internal static class PlainValue
    {
        public static object From(object value)
        {
            if (value is PSObject wrapped)
            {
                if (wrapped.BaseObject is PSCustomObject)
                {
                    var map = new OrderedDictionary();
                    foreach (PSPropertyInfo property in wrapped.Properties)
                    {
                        map[property.Name] = From(property.Value);
                    }

                    return map;
                }

                value = wrapped.BaseObject;
            }

            switch (value)
            {
                case null:
                case string _:
                    return value;
                case IDictionary dictionary:
                    var copy = new OrderedDictionary();
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        copy[Convert.ToString(entry.Key, CultureInfo.InvariantCulture)] = From(entry.Value);
                    }

                    return copy;
                case IEnumerable list:
                    var items = new ArrayList();
                    foreach (object item in list)
                    {
                        items.Add(From(item));
                    }

                    return items.ToArray();
                default:
                    return value;
            }
        }
    }
}
