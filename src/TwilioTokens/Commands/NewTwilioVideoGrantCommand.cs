using System.Management.Automation;

namespace TwilioTokens.Commands
{
    /// <summary>New-TwilioVideoGrant: the grant a Video SDK client needs to join rooms.</summary>
    [Cmdlet(VerbsCommon.New, "TwilioVideoGrant")]
    [OutputType(typeof(VideoGrant))]
    public sealed class NewTwilioVideoGrantCommand : NewGrantCommandBase<VideoGrant>
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Room { get; set; }

        protected override VideoGrant CreateGrant() => new VideoGrant { Room = Room };
    }
}
