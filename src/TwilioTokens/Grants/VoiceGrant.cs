using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using TwilioTokens.Internal;

namespace TwilioTokens
{
    /// <summary>The <c>voice</c> grant: lets a Voice SDK client receive and place calls.</summary>
    public sealed class VoiceGrant : TwilioGrant
    {
        public const string Key = "voice";

        public override string Kind => Key;

        /// <inheritdoc cref="TwilioGrant.ToString"/>
        public override string ToString() => base.ToString();

        /// <summary>Incoming calls to this identity are allowed. Written as <c>incoming.allow: true</c>, never as false.</summary>
        public bool IncomingAllow { get; set; }

        /// <summary>The TwiML App (AP…) that handles outgoing calls.</summary>
        public string OutgoingApplicationSid { get; set; }

        /// <summary>Parameters passed to the TwiML App on outgoing calls; values are strings.</summary>
        public OrderedDictionary OutgoingApplicationParams { get; set; }

        /// <summary>The push credential (CR…) for mobile push notifications.</summary>
        public string PushCredentialSid { get; set; }

        /// <summary>An endpoint id; Twilio does not use it today.</summary>
        public string EndpointId { get; set; }

        internal override object ToClaimValue()
        {
            var claim = new Dictionary<string, object>();
            if (IncomingAllow)
            {
                claim.Add("incoming", new Dictionary<string, object> { { "allow", true } });
            }

            if (!string.IsNullOrEmpty(OutgoingApplicationSid))
            {
                var outgoing = new Dictionary<string, object> { { "application_sid", OutgoingApplicationSid } };
                if (OutgoingApplicationParams != null && OutgoingApplicationParams.Count > 0)
                {
                    var parameters = new Dictionary<string, object>();
                    foreach (DictionaryEntry entry in OutgoingApplicationParams)
                    {
                        parameters[entry.Key.ToString()] = entry.Value?.ToString();
                    }

                    outgoing.Add("params", parameters);
                }

                claim.Add("outgoing", outgoing);
            }

            AddIfSet(claim, "push_credential_sid", PushCredentialSid);
            AddIfSet(claim, "endpoint_id", EndpointId);
            return claim;
        }

        /// <summary>Twilio error 31105: a Voice client name is letters, digits and '_' only, at most 121 characters.</summary>
        public const int MaxIdentityLength = 121;

        internal override string CheckIdentity(string identity)
        {
            if (identity.Length > MaxIdentityLength)
            {
                return $"Voice identities are at most {MaxIdentityLength} characters; this one has {identity.Length} (Twilio error 31105 breaks calls).";
            }

            foreach (char c in identity)
            {
                bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
                if (!allowed)
                {
                    return $"Voice identities may contain only letters, digits and '_'; '{c}' breaks calls to this client (Twilio error 31105).";
                }
            }

            return null;
        }

        /// <summary>Copies a hashtable's entries as strings, in its enumeration order, the way they go on the wire.</summary>
        internal static OrderedDictionary ToStringParams(IDictionary source)
        {
            if (source == null)
            {
                return null;
            }

            var copy = new OrderedDictionary();
            foreach (DictionaryEntry entry in source)
            {
                copy[System.Convert.ToString(entry.Key, CultureInfo.InvariantCulture)] =
                    System.Convert.ToString(entry.Value, CultureInfo.InvariantCulture);
            }

            return copy;
        }

        internal static VoiceGrant FromClaim(GrantFields fields)
        {
            var grant = new VoiceGrant();
            GrantFields incoming = fields.Object("incoming");
            grant.IncomingAllow = incoming?.Boolean("allow") == true;
            GrantFields outgoing = fields.Object("outgoing");
            if (outgoing != null)
            {
                grant.OutgoingApplicationSid = outgoing.String("application_sid");
                grant.OutgoingApplicationParams = outgoing.StringMap("params");
            }

            grant.PushCredentialSid = fields.String("push_credential_sid");
            grant.EndpointId = fields.String("endpoint_id");
            return grant;
        }
    }
}
