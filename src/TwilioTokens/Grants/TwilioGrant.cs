using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;

namespace TwilioTokens
{
    /// <summary>
    /// One entry under a token's <c>grants</c> claim. Each grant type knows its JSON key and writes its own fields,
    /// so the token code never needs to know which products exist.
    /// </summary>
    public abstract class TwilioGrant
    {
        /// <summary>The key under <c>grants</c> (for example <c>voice</c>); two grants of one kind cannot share a token.</summary>
        public abstract string Kind { get; }

        /// <summary>The grant's JSON value: dictionaries of strings, booleans and nested dictionaries; unset fields left out.</summary>
        internal abstract object ToClaimValue();

        /// <summary>A product's own rule for identities: why <paramref name="identity"/> would misbehave with this
        /// grant, or null when it is fine. Minting warns; decoding reports Twilio error 20106.</summary>
        internal virtual string CheckIdentity(string identity) => null;

        /// <summary>The identity of the token this grant was decoded from; null for a grant made by a New-Twilio*Grant.</summary>
        internal string DecodedIdentity { get; set; }

        /// <summary>Why minting this grant for <paramref name="identity"/> deserves a warning: a deprecated kind, or an
        /// endpoint_id that names the identity of the token it was decoded from. Null when neither.</summary>
        internal string CheckRemint(string identity)
        {
            if (GrantReader.Deprecated.TryGetValue(Kind, out string replacement))
            {
                return $"The '{Kind}' grant is deprecated: current SDKs expect the newer grant; mint with {replacement}.";
            }

            if (string.IsNullOrEmpty(DecodedIdentity) || identity == DecodedIdentity)
            {
                return null;
            }

            string endpoint = ToClaimValue() is IDictionary claim ? claim["endpoint_id"] as string : null;
            return endpoint != null && endpoint.IndexOf(DecodedIdentity, StringComparison.Ordinal) >= 0
                ? $"The '{Kind}' grant's endpoint_id '{endpoint}' names '{DecodedIdentity}', the identity it was decoded for, not '{identity}'; give it a new endpoint_id or leave it out."
                : null;
        }

        /// <summary>The kind and the values set, as <c>voice (incoming.allow=true, outgoing.application_sid=AP…)</c>:
        /// what views, Select-Object and Format-List * show for a grant.</summary>
        /// <remarks>Each grant type declares ToString again, as <c>base.ToString()</c>: PowerShell shows an item of a
        /// list (a token's Grants) by its ToString() only when the item's own type declares one, and otherwise by its
        /// first property named like <c>*Id</c>, a SID. A types file could say so too, but costs every import.</remarks>
        public override string ToString()
        {
            var values = new List<string>();
            Describe(ToClaimValue(), null, values);
            return values.Count == 0 ? Kind : Kind + " (" + string.Join(", ", values) + ")";
        }

        private static void Describe(object value, string path, List<string> values)
        {
            if (value is IDictionary map)
            {
                foreach (DictionaryEntry entry in map) Describe(entry.Value, path == null ? entry.Key.ToString() : path + "." + entry.Key, values);
            }
            else if (!(value is string) && value is IEnumerable items)
            {
                var texts = new List<string>();
                foreach (object item in items) texts.Add(Convert.ToString(item, CultureInfo.InvariantCulture));
                values.Add((path ?? "value") + "=[" + string.Join(",", texts) + "]");
            }
            else
            {
                values.Add((path ?? "value") + "=" + (value is bool b ? (b ? "true" : "false") : Convert.ToString(value, CultureInfo.InvariantCulture)));
            }
        }

        /// <summary>Adds a field only when it has a value: Twilio's helper libraries never write null or "".</summary>
        internal static void AddIfSet(IDictionary<string, object> claim, string name, string value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                claim.Add(name, value);
            }
        }
    }
}
