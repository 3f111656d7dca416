using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;

namespace TwilioTokens
{
    /// <summary>
    /// Reads a decoded grant's JSON object (as the parser returns it) field by field. A field of the wrong type is
    /// reported as Twilio error 20106 and read as unset, so one bad field never hides the rest of the token.
    /// </summary>
    internal sealed class GrantFields
    {
        private readonly OrderedDictionary _values;
        private readonly GrantFields _parent;
        private readonly string _name;
        private readonly IList<TokenProblem> _problems;

        /// <param name="grantKey">The grant's key under <c>grants</c>, for messages.</param>
        public GrantFields(OrderedDictionary values, string grantKey, IList<TokenProblem> problems)
            : this(values, null, grantKey, problems)
        {
        }

        private GrantFields(OrderedDictionary values, GrantFields parent, string name, IList<TokenProblem> problems)
        {
            _values = values;
            _parent = parent;
            _name = name;
            _problems = problems;
        }

        /// <summary>Where these fields are, such as <c>grants.voice.outgoing</c>: built only for a message, not for
        /// every object read.</summary>
        private string Path => _parent == null ? "grants." + _name : _parent.Path + "." + _name;

        public string String(string name) => Read<string>(name, "a string");

        public bool? Boolean(string name)
        {
            object value = Raw(name);
            if (value == null) return null;
            if (value is bool b) return b;
            WrongType(name, "true or false", value);
            return null;
        }

        public GrantFields Object(string name)
        {
            OrderedDictionary value = Read<OrderedDictionary>(name, "an object");
            return value == null ? null : new GrantFields(value, this, name, _problems);
        }

        /// <summary>An object whose values must all be strings (Voice's outgoing <c>params</c>).</summary>
        public OrderedDictionary StringMap(string name)
        {
            GrantFields map = Object(name);
            if (map == null) return null;
            var result = new OrderedDictionary();
            foreach (DictionaryEntry entry in map._values)
            {
                string value = map.String((string)entry.Key);
                if (value != null) result[entry.Key] = value;
            }

            return result;
        }

        private T Read<T>(string name, string expected) where T : class
        {
            object value = Raw(name);
            if (value == null) return null;
            if (value is T typed) return typed;
            WrongType(name, expected, value);
            return null;
        }

        private object Raw(string name) => _values[name]; // null when missing

        private void WrongType(string name, string expected, object actual)
        {
            _problems.Add(new TokenProblem(
                TwilioErrorCode.InvalidGrants,
                $"{Path}.{name} should be {expected} but is {JsonKind(actual)}.",
                "Mint the token again with this module or a Twilio helper library; hand-written grants are easy to get wrong."));
        }

        internal static string JsonKind(object value)
        {
            switch (value)
            {
                case null: return "null";
                case string _: return "a string";
                case bool _: return "a boolean";
                case long _:
                case double _: return "a number";
                case IDictionary _: return "an object";
                case IList _: return "an array";
                default: return value.GetType().Name;
            }
        }
    }
}
