using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Runtime.CompilerServices;

namespace TwilioTokens.Internal
{
    /// <summary>
    /// A decoded JSON object as the decoder reads it: read-only, names in document order, ordinal, a repeated name in its
    /// first place with its last value. Two arrays instead of an OrderedDictionary: the decoder reads a few names from
    /// each object and drops it, and an OrderedDictionary (a list of boxed entries plus a hash table) cost about 500
    /// bytes an object, five objects a token (docs/performance.md). What scripts see is converted with
    /// <see cref="ToOrderedDictionary"/>. Not meant for scripts.
    /// </summary>
    public sealed class JsonObject : IDictionary
    {
        // Above this many names a lookup goes through an index instead of comparing names in turn.
        private const int LinearLookupLimit = 8;

        private readonly string[] _names;
        private readonly object[] _values;
        private readonly Dictionary<string, int> _index;

        /// <param name="entries">The object's members in document order, <paramref name="count"/> of them from
        /// <paramref name="start"/>; copied.</param>
        [MethodImpl(HotPath.Optimize)]
        public JsonObject(KeyValuePair<string, object>[] entries, int start, int count)
        {
            var names = new string[count];
            var values = new object[count];
            Dictionary<string, int> index = count > LinearLookupLimit ? new Dictionary<string, int>(count, StringComparer.Ordinal) : null;
            int length = 0;
            for (int i = start; i < start + count; i++)
            {
                string name = entries[i].Key;
                int existing = index != null ? (index.TryGetValue(name, out int at) ? at : -1) : IndexOf(names, length, name);
                if (existing >= 0)
                {
                    values[existing] = entries[i].Value;
                    continue;
                }

                names[length] = name;
                values[length] = entries[i].Value;
                index?.Add(name, length);
                length++;
            }

            if (length < count)
            {
                Array.Resize(ref names, length);
                Array.Resize(ref values, length);
            }

            _names = names;
            _values = values;
            _index = index;
        }

        public int Count => _names.Length;

        /// <summary>The value of <paramref name="name"/>, or null when it is missing (or JSON null).</summary>
        public object this[string name]
        {
            [MethodImpl(HotPath.Optimize)]
            get
            {
                int at = _index != null ? (_index.TryGetValue(name, out int found) ? found : -1) : IndexOf(_names, _names.Length, name);
                return at < 0 ? null : _values[at];
            }
        }

        public string NameAt(int position) => _names[position];

        public object ValueAt(int position) => _values[position];

        public bool ContainsName(string name) =>
            _index != null ? _index.ContainsKey(name) : IndexOf(_names, _names.Length, name) >= 0;

        /// <summary>An OrderedDictionary copy with ordinal names, nested objects and arrays converted too: the shape
        /// .Header, .Claims and kept grant values have always had.</summary>
        public OrderedDictionary ToOrderedDictionary()
        {
            var map = new OrderedDictionary(_names.Length, StringComparer.Ordinal);
            for (int i = 0; i < _names.Length; i++)
            {
                map.Add(_names[i], ToPlain(_values[i]));
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

        [MethodImpl(HotPath.Optimize)]
        private static int IndexOf(string[] names, int length, string name)
        {
            for (int i = 0; i < length; i++)
            {
                if (string.Equals(names[i], name, StringComparison.Ordinal)) return i;
            }

            return -1;
        }

        // IDictionary, read-only: for code that reads any dictionary (GrantFields, JsonKind).
        object IDictionary.this[object key]
        {
            get => key is string name ? this[name] : null;
            set => throw ReadOnly();
        }

        ICollection IDictionary.Keys => (string[])_names.Clone();

        ICollection IDictionary.Values => (object[])_values.Clone();

        bool IDictionary.IsReadOnly => true;

        bool IDictionary.IsFixedSize => true;

        bool ICollection.IsSynchronized => false;

        object ICollection.SyncRoot => this;

        bool IDictionary.Contains(object key) => key is string name && ContainsName(name);

        void IDictionary.Add(object key, object value) => throw ReadOnly();

        void IDictionary.Clear() => throw ReadOnly();

        void IDictionary.Remove(object key) => throw ReadOnly();

        void ICollection.CopyTo(Array array, int index)
        {
            for (int i = 0; i < _names.Length; i++)
            {
                array.SetValue(new DictionaryEntry(_names[i], _values[i]), index + i);
            }
        }

        IDictionaryEnumerator IDictionary.GetEnumerator() => new Enumerator(this);

        IEnumerator IEnumerable.GetEnumerator() => new Enumerator(this);

        private static NotSupportedException ReadOnly() => new NotSupportedException("A decoded JSON object is read-only.");

        private sealed class Enumerator : IDictionaryEnumerator
        {
            private readonly JsonObject _map;
            private int _position = -1;

            public Enumerator(JsonObject map)
            {
                _map = map;
            }

            public DictionaryEntry Entry => new DictionaryEntry(Key, Value);

            public object Key => _map._names[_position];

            public object Value => _map._values[_position];

            public object Current => Entry;

            public bool MoveNext() => ++_position < _map._names.Length;

            public void Reset() => _position = -1;
        }
    }
}
