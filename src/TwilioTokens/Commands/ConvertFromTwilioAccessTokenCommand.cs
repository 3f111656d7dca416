using System.Management.Automation;

namespace TwilioTokens.Commands
{
    /// <summary>ConvertFrom-TwilioAccessToken: decodes tokens offline, checks their signature when given the secret,
    /// and lists what Twilio would reject. Each malformed token is a non-terminating error; the next one is still read.</summary>
    [Cmdlet(VerbsData.ConvertFrom, "TwilioAccessToken", DefaultParameterSetName = UnverifiedSet)]
    [OutputType(typeof(DecodedAccessToken))]
    public sealed class ConvertFromTwilioAccessTokenCommand : TokenReaderCommandBase
    {
        /// <summary>Replaces the identity with a stable hash, for sharing the decoded token in a ticket or a forum.</summary>
        [Parameter]
        public SwitchParameter MaskIdentity { get; set; }

        protected override void ProcessRecord()
        {
            // Text copied from a file or a console often carries white space around the token; it is not part of it.
            string token = Token.Trim();
            if (token.Length != Token.Length)
            {
                WriteWarning("Removed white space from around the token before decoding it.");
            }

            DecodedAccessToken decoded = ReadToken(token, out TokenReadFailure failure);
            if (decoded == null)
            {
                WriteError(new ErrorRecord(failure.Exception, failure.ErrorId, failure.Category, Token));
                return;
            }

            if (MaskIdentity)
            {
                decoded.MaskIdentity();
            }

            WriteObject(decoded);
        }
    }
}
