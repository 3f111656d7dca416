using System.Management.Automation;

namespace TwilioTokens.Commands
{
    /// <summary>Test-TwilioAccessToken: $true when Twilio would accept the token (as far as can be told offline:
    /// with a secret, the signature too), else $false; with -Detailed, a result per token with its problems.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "TwilioAccessToken", DefaultParameterSetName = UnverifiedSet)]
    [OutputType(typeof(bool))]
    [OutputType(typeof(TokenTestResult))]
    public sealed class TestTwilioAccessTokenCommand : TokenReaderCommandBase
    {
        /// <summary>A result object per token (IsValid and Problems) instead of a bare boolean: with many tokens in a
        /// pipeline, each token's problems stay next to the token they belong to.</summary>
        [Parameter]
        public SwitchParameter Detailed { get; set; }

        protected override void ProcessRecord()
        {
            // Judged as given: white space around a token is not part of it, and a client would send it as it is.
            // Empty text (a blank line of a file) is no token: $false, like any other text that is not one.
            DecodedAccessToken decoded = ReadToken(Token ?? string.Empty, out TokenReadFailure failure);
            TokenTestResult result = decoded != null
                ? new TokenTestResult(decoded.Identity, decoded.ApiKeySid, decoded.ExpiresAt, decoded.SignatureStatus, decoded.Problems)
                : new TokenTestResult(null, null, null, nameof(SignatureStatus.NotChecked), new[] { Explain(failure.Problem) });
            if (Detailed)
            {
                WriteObject(result);
            }
            else
            {
                WriteObject(result.IsValid);
            }
        }

        /// <summary>For a text that is not a token, what to remove when it looks pasted.</summary>
        private TokenProblem Explain(TokenProblem problem)
        {
            PastedToken.Clean(Token, out string removed);
            return removed == null ? problem : new TokenProblem(problem.Code, problem.Message,
                $"The text looks pasted: remove {removed} (ConvertFrom-TwilioAccessToken removes them with a warning).");
        }
    }
}
