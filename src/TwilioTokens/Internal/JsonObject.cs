using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Runtime.CompilerServices;

namespace TwilioTokens.Internal
{
    /// <summary>
    /// A decoded JSON object as the decoder reads it: read-only, names in document order, ordinal, a repeated name in
    /// its first place with its last value. One array of pairs instead of an OrderedDictionary: the decoder reads a few
    /// names from each object and drops it, and an OrderedDictionary (a list of boxed entries plus a hash table) cost
    /// about 500 bytes an object, five objects a token (docs/performance.md). What scripts see is converted with
    /// <see cref="ToOrderedDictionary"/>. Not meant for scripts.
    /// </summary>
    public sealed class JsonObject
    {
        // Above this many names a lookup goes through an index instead of comparing names in turn.
        private const int LinearLookupLimit = 8;

        // One array of pairs rather than two arrays: one allocation, and storing a struct needs no type check.
        private readonly KeyValuePair<string, object>[] _entries;
        private readonly Dictionary<string, int> _index;

        /// <param name="entries">The object's members in document order, <paramref name="count"/> of them from
        /// <paramref name="start"/>; copied.</param>
        [MethodImpl(HotPath.Optimize)]
        public JsonObject(KeyValuePair<string, object>[] entries, int start, int count)
        {
            var own = new KeyValuePair<string, object>[count];
            Dictionary<string, int> index = count > LinearLookupLimit ? new Dictionary<string, int>(count, StringComparer.Ordinal) : null;
            int length = 0;
            for (int i = start; i < start + count; i++)
            {
                string name = entries[i].Key;
                int existing = index != null ? (index.TryGetValue(name, out int at) ? at : -1) : IndexOf(own, length, name);
                if (existing >= 0)
                {
                    own[existing] = new KeyValuePair<string, object>(name, entries[i].Value);
                    continue;
                }

                own[length] = entries[i];
                index?.Add(name, length);
                length++;
            }

            if (length < count)
            {
                Array.Resize(ref own, length);
            }

            _entries = own;
            _index = index;
        }

        public int Count => _entries.Length;

        /// <summary>The value of <paramref name="name"/>, or null when it is missing (or JSON null).</summary>
        public object this[string name]
        {
            get
            {
                int at = _index != null ? (_index.TryGetValue(name, out int found) ? found : -1) : IndexOf(_entries, _entries.Length, name);
                return at < 0 ? null : _entries[at].Value;
            }
        }

        public string NameAt(int position) => _entries[position].Key;

        public object ValueAt(int position) => _entries[position].Value;

        /// <summary>An OrderedDictionary copy with ordinal names, nested objects and arrays converted too: the shape
        /// .Header, .Claims and kept grant values have always had.</summary>
        public OrderedDictionary ToOrderedDictionary()
        {
            var map = new OrderedDictionary(_entries.Length, StringComparer.Ordinal);
            foreach (KeyValuePair<string, object> entry in _entries)
            {
                map.Add(entry.Key, ToPlain(entry.Value));
            }

            return map;
        }

        /// <summary><paramref name="value"/> with every JsonObject in it, at any depth, turned into an OrderedDictionary.</summary>
        public static object ToPlain(object value)
        {
            switch (value)
            {
                case JsonObject map:
                    return map.ToOrderedDictionary();
                case object[] items:
                    var copy = new object[items.Length];
                    for (int i = 0; i < items.Length; i++) copy[i] = ToPlain(items[i]);
                    return copy;
                default:
                    return value;
            }
        }

        /// <summary>The position of <paramref name="name"/> among the first <paramref name="length"/> entries, or -1.</summary>
        /// <remarks>Compared here rather than with string.Equals: the names the decoder asks for and the names the
        /// parser shares are the same instances, so the first test settles nearly every comparison, and the runtime's
        /// comparison ran instrumented (slow) code for thousands of tokens in a new session (docs/performance.md).</remarks>
        [MethodImpl(HotPath.Optimize)]
        private static int IndexOf(KeyValuePair<string, object>[] entries, int length, string name)
        {
            for (int i = 0; i < length; i++)
            {
                string candidate = entries[i].Key;
                if (ReferenceEquals(candidate, name)) return i;
                if (candidate.Length != name.Length) continue;
                int k = 0;
                while (k < name.Length && candidate[k] == name[k]) k++;
                if (k == name.Length) return i;
            }

            return -1;
        }
    }
}
