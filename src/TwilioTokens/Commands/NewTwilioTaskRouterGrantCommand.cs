using System.Management.Automation;
using TwilioTokens.Internal;

namespace TwilioTokens.Commands
{
    /// <summary>New-TwilioTaskRouterGrant: the grant a TaskRouter SDK client needs to act as a worker.</summary>
    [Cmdlet(VerbsCommon.New, "TwilioTaskRouterGrant")]
    [OutputType(typeof(TaskRouterGrant))]
    public sealed class NewTwilioTaskRouterGrantCommand : NewGrantCommandBase<TaskRouterGrant>
    {
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateSid(Sid.Workspace, "a TaskRouter workspace SID")]
        public string WorkspaceSid { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateSid(Sid.Worker, "a TaskRouter worker SID")]
        public string WorkerSid { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Role { get; set; }

        protected override TaskRouterGrant CreateGrant() =>
            new TaskRouterGrant { WorkspaceSid = WorkspaceSid, WorkerSid = WorkerSid, Role = Role };
    }
}
