using System;
using System.Collections.Specialized;
using System.Management.Automation;

namespace TwilioTokens.Commands
{
    /// <summary>New-TwilioPlaybackGrant: wraps the grant object Twilio's PlaybackGrant REST call returns (for
    /// Twilio Live) so it can go into a token unchanged.</summary>
    [Cmdlet(VerbsCommon.New, "TwilioPlaybackGrant")]
    [OutputType(typeof(PlaybackGrant))]
    public sealed class NewTwilioPlaybackGrantCommand : NewGrantCommandBase<PlaybackGrant>
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public object Grant { get; set; }

        protected override PlaybackGrant CreateGrant()
        {
            object value = PlainValue.From(Grant);
            if (value is OrderedDictionary resource && resource["grant"] is OrderedDictionary inner && resource.Contains("account_sid"))
            {
                // The whole PlaybackGrant resource was piped in (Invoke-RestMethod's answer): its 'grant' is the grant.
                WriteVerbose("Using the 'grant' property of the PlaybackGrant resource given.");
                value = inner;
            }

            if (!(value is OrderedDictionary map))
            {
                throw new ArgumentException(
                    $"-Grant must be an object (a hashtable or the PSCustomObject Invoke-RestMethod returns), not {Grant.GetType().Name}.",
                    nameof(Grant));
            }

            return new PlaybackGrant(map);
        }
    }
}
