using System.Collections.Generic;

namespace TwilioTokens
{
    /// <summary>The deprecated <c>rtc</c> grant (the old Conversations/Video grant). Decoded and re-minted as is;
    /// new tokens should use New-TwilioVideoGrant.</summary>
    public sealed class RtcGrant : TwilioGrant
    {
        public const string Key = "rtc";

        public override string Kind => Key;

        /// <inheritdoc cref="TwilioGrant.ToString"/>
        public override string ToString() => base.ToString();

        /// <summary>The configuration profile (VS…).</summary>
        public string ConfigurationProfileSid { get; set; }

        internal override object ToClaimValue()
        {
            var claim = new Dictionary<string, object>();
            AddIfSet(claim, "configuration_profile_sid", ConfigurationProfileSid);
            return claim;
        }

        internal static RtcGrant FromClaim(GrantFields fields) =>
            new RtcGrant { ConfigurationProfileSid = fields.String("configuration_profile_sid") };
    }
}
