using System.Collections.Generic;

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
