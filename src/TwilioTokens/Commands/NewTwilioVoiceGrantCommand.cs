using System;
using System.Collections;
using System.Management.Automation;
using TwilioTokens.Internal;

namespace TwilioTokens.Commands
{
    /// <summary>New-TwilioVoiceGrant: the grant a Voice SDK client needs to receive and place calls.</summary>
    [Cmdlet(VerbsCommon.New, "TwilioVoiceGrant")]
    [OutputType(typeof(VoiceGrant))]
    public sealed class NewTwilioVoiceGrantCommand : NewGrantCommandBase<VoiceGrant>
    {
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public SwitchParameter IncomingAllow { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateSid(Sid.Application, "a TwiML App SID")]
        public string OutgoingApplicationSid { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Params")]
        public IDictionary OutgoingApplicationParams { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateSid(Sid.Credential, "a push credential SID")]
        public string PushCredentialSid { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string EndpointId { get; set; }

        protected override VoiceGrant CreateGrant()
        {
            if (OutgoingApplicationParams != null && OutgoingApplicationParams.Count > 0 && string.IsNullOrEmpty(OutgoingApplicationSid))
            {
                throw new ArgumentException(
                    "-OutgoingApplicationParams are passed to the TwiML App of outgoing calls, so they need -OutgoingApplicationSid too.",
                    nameof(OutgoingApplicationParams));
            }

            return new VoiceGrant
            {
                IncomingAllow = IncomingAllow.IsPresent,
                OutgoingApplicationSid = OutgoingApplicationSid,
                OutgoingApplicationParams = VoiceGrant.ToStringParams(OutgoingApplicationParams),
                PushCredentialSid = PushCredentialSid,
                EndpointId = EndpointId,
            };
        }
    }
}
