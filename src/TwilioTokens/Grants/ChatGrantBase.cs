using System.Collections.Generic;

namespace TwilioTokens
{
    /// <summary>The fields shared by the <c>chat</c> grant and its deprecated predecessor <c>ip_messaging</c>.</summary>
    public abstract class ChatGrantBase : TwilioGrant
    {
        /// <summary>The Conversations or Chat service (IS…).</summary>
        public string ServiceSid { get; set; }

        public string EndpointId { get; set; }

        /// <summary>The role (RL…) the user gets in the service.</summary>
        public string DeploymentRoleSid { get; set; }

        /// <summary>The push credential (CR…) for mobile notifications.</summary>
        public string PushCredentialSid { get; set; }

        internal override object ToClaimValue()
        {
            var claim = new Dictionary<string, object>();
            AddIfSet(claim, "service_sid", ServiceSid);
            AddIfSet(claim, "endpoint_id", EndpointId);
            AddIfSet(claim, "deployment_role_sid", DeploymentRoleSid);
            AddIfSet(claim, "push_credential_sid", PushCredentialSid);
            return claim;
        }

        internal static T FromClaim<T>(GrantFields fields) where T : ChatGrantBase, new() => new T
        {
            ServiceSid = fields.String("service_sid"),
            EndpointId = fields.String("endpoint_id"),
            DeploymentRoleSid = fields.String("deployment_role_sid"),
            PushCredentialSid = fields.String("push_credential_sid"),
        };
    }

    /// <summary>The <c>chat</c> grant, used by both the Conversations and the (Programmable) Chat SDKs.</summary>
    public sealed class ChatGrant : ChatGrantBase
    {
        public const string Key = "chat";

        public override string Kind => Key;

        /// <inheritdoc cref="TwilioGrant.ToString"/>
        public override string ToString() => base.ToString();
    }

    /// <summary>The deprecated <c>ip_messaging</c> grant, the old name of <see cref="ChatGrant"/>. Decoded and
    /// re-minted as is; new tokens should use New-TwilioChatGrant.</summary>
    public sealed class IpMessagingGrant : ChatGrantBase
    {
        public const string Key = "ip_messaging";

        public override string Kind => Key;

        /// <inheritdoc cref="TwilioGrant.ToString"/>
        public override string ToString() => base.ToString();
    }
}
