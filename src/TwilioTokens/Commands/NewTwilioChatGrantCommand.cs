using System.Management.Automation;
using TwilioTokens.Internal;

namespace TwilioTokens.Commands
{
    /// <summary>New-TwilioChatGrant: the grant for the Conversations and the Chat SDKs (both read the 'chat' key).</summary>
    [Cmdlet(VerbsCommon.New, "TwilioChatGrant")]
    [OutputType(typeof(ChatGrant))]
    public sealed class NewTwilioChatGrantCommand : NewGrantCommandBase<ChatGrant>
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateSid(Sid.Service, "a Conversations or Chat service SID")]
        public string ServiceSid { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string EndpointId { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateSid(Sid.Role, "a role SID")]
        public string DeploymentRoleSid { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateSid(Sid.Credential, "a push credential SID")]
        public string PushCredentialSid { get; set; }

        protected override ChatGrant CreateGrant() => new ChatGrant
        {
            ServiceSid = ServiceSid,
            EndpointId = EndpointId,
            DeploymentRoleSid = DeploymentRoleSid,
            PushCredentialSid = PushCredentialSid,
        };
    }
}
