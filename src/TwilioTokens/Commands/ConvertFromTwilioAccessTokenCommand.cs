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
            DecodedAccessToken decoded = ReadToken(Token ?? string.Empty, out TokenReadFailure failure);
            if (decoded == null)
            {
                // Text copied from a console, a file or a header often carries more than the token; it is not part of
                // it. A text that reads as a token holds none of that (no base64url part can), so only one that fails
                // is cleaned and read again.
                string token = PastedToken.Clean(Token, out string removed);
                if (removed != null)
                {
                    WriteWarning($"Removed {removed} before decoding the token.");
                    decoded = ReadToken(token, out failure);
                }
            }

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
