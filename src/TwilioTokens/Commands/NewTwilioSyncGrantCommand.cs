using System.Management.Automation;
using TwilioTokens.Internal;

namespace TwilioTokens.Commands
{
    /// <summary>New-TwilioSyncGrant: the grant a Sync SDK client needs for one Sync service.</summary>
    [Cmdlet(VerbsCommon.New, "TwilioSyncGrant")]
    [OutputType(typeof(SyncGrant))]
    public sealed class NewTwilioSyncGrantCommand : NewGrantCommandBase<SyncGrant>
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateSid(Sid.Service, "a Sync service SID")]
        public string ServiceSid { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string EndpointId { get; set; }

        protected override SyncGrant CreateGrant() => new SyncGrant { ServiceSid = ServiceSid, EndpointId = EndpointId };
    }
}
