using System;
using System.Management.Automation;
using System.Security;
using TwilioTokens.Credentials;
using TwilioTokens.Internal;

namespace TwilioTokens.Commands
{
    /// <summary>ConvertFrom-TwilioAccessToken: decodes tokens offline, checks their signature when given the secret,
    /// and lists what Twilio would reject. Each malformed token is a non-terminating error; the next one is still read.</summary>
    [Cmdlet(VerbsData.ConvertFrom, "TwilioAccessToken", DefaultParameterSetName = UnverifiedSet)]
    [OutputType(typeof(DecodedAccessToken))]
    public sealed class ConvertFromTwilioAccessTokenCommand : PSCmdlet, IDisposable
    {
        private const string UnverifiedSet = "Unverified";
        private const string CredentialSet = "Credential";
        private const string SecretSet = "Secret";

        private ISigningKey _key;
        private string _expectedApiKeySid;
        private int _decoded;
        private int _withProblems;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Jwt")]
        public string Token { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
        [Credential]
        public PSCredential Credential { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = SecretSet)]
        public SecureString ApiKeySecret { get; set; }

        protected override void BeginProcessing()
        {
            SecureString secret = Credential?.Password ?? ApiKeySecret;
            if (secret == null)
            {
                return;
            }

            // The credential's user name says which key it is; a token from another key is then reported (20103).
            _expectedApiKeySid = Credential != null && Sid.IsValid(Credential.UserName?.Trim(), Sid.ApiKey) ? Credential.UserName.Trim() : null;
            byte[] secretBytes = SecretBytes.FromSecureString(secret);
            try
            {
                if (secretBytes.Length == 0)
                {
                    ThrowTerminatingError(new ErrorRecordException(ErrorIds.ApiKeySecretMissing, ErrorCategory.InvalidArgument,
                        null, "The secret to verify with is empty.").ErrorRecord);
                }

                _key = EngineHost.Engine.CreateSigningKey(secretBytes);
                WriteVerbose("Signatures are checked with the secret given" +
                             (_expectedApiKeySid != null ? $" for API key {_expectedApiKeySid}." : "."));
            }
            finally
            {
                Array.Clear(secretBytes, 0, secretBytes.Length);
            }
        }

        protected override void ProcessRecord()
        {
            string token = Token.Trim();
            ParsedJwt parsed;
            try
            {
                parsed = EngineHost.Engine.Parse(token);
            }
            catch (TokenFormatException e)
            {
                ErrorCategory category = e.Error == TokenFormatError.TooLarge ? ErrorCategory.LimitsExceeded : ErrorCategory.InvalidData;
                WriteError(new ErrorRecord(new FormatException(e.Message, e), ErrorIds.ForFormatError(e.Error), category, Token));
                return;
            }

            DecodedAccessToken decoded;
            try
            {
                decoded = TokenDecoder.Decode(parsed, _key, _expectedApiKeySid, DateTime.UtcNow);
            }
            catch (TokenClaimException e)
            {
                WriteError(new ErrorRecord(new FormatException(e.Message, e), ErrorIds.TokenClaimInvalid, ErrorCategory.InvalidData, Token));
                return;
            }

            // Counted, not reported per token: formatting a verbose message for every token cost more than reading it.
            _decoded++;
            if (decoded.Problems.Length > 0) _withProblems++;
            WriteObject(decoded);
        }

        protected override void EndProcessing() =>
            WriteVerbose($"Decoded {_decoded} token(s); {_withProblems} with problems Twilio would reject.");

        public void Dispose() => _key?.Dispose();
    }
}
