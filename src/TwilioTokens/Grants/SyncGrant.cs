using System.Collections.Generic;

namespace TwilioTokens
{
    /// <summary>The <c>data_sync</c> grant: lets a Sync SDK client use one Sync service.</summary>
    public sealed class SyncGrant : TwilioGrant
    {
        public const string Key = "data_sync";

        public override string Kind => Key;

        /// <inheritdoc cref="TwilioGrant.ToString"/>
        public override string ToString() => base.ToString();

        /// <summary>The Sync service (IS…).</summary>
        public string ServiceSid { get; set; }

        public string EndpointId { get; set; }

        internal override object ToClaimValue()
        {
            var claim = new Dictionary<string, object>();
            AddIfSet(claim, "service_sid", ServiceSid);
            AddIfSet(claim, "endpoint_id", EndpointId);
            return claim;
        }

        internal static SyncGrant FromClaim(GrantFields fields) => new SyncGrant
        {
            ServiceSid = fields.String("service_sid"),
            EndpointId = fields.String("endpoint_id"),
        };
    }
}
