using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using System.Management.Automation;
using System.Security;
using TwilioTokens.Internal;

namespace TwilioTokens.Commands
{
    /// <summary>
    /// What ConvertFrom-TwilioAccessToken and Test-TwilioAccessToken share: the token input (by value, or by the
    /// property Jwt/Token so token objects pipe in), the optional secret to verify with, and reading one token.
    /// </summary>
    public abstract class TokenReaderCommandBase : PSCmdlet, IDisposable
    {
        protected const string UnverifiedSet = "Unverified";
        protected const string CredentialSet = "Credential";
        protected const string SecretSet = "Secret";

        private ISigningKey _key;
        private string _expectedApiKeySid;
        private int _decoded;
        private int _withProblems;

        // Public as the cmdlets that derive from it must be; an internal constructor keeps others from deriving.
        internal TokenReaderCommandBase()
        {
        }

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Jwt")]
        [AllowNull]
        [AllowEmptyString]
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
            string userName = Credential?.UserName?.Trim();
            _expectedApiKeySid = Sid.IsValid(userName, Sid.ApiKey) ? userName : null;
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

        /// <summary>Decodes and diagnoses <paramref name="token"/>.</summary>
        /// <returns>The decoded token, or null with <paramref name="failure"/> saying why it could not be read.</returns>
        private protected DecodedAccessToken ReadToken(string token, out TokenReadFailure failure)
        {
            failure = null;
            try
            {
                DecodedAccessToken decoded = TokenDecoder.Decode(EngineHost.Engine.Parse(token), _key, _expectedApiKeySid, DateTime.UtcNow);

                // Counted, not reported per token; EndProcessing reports the totals.
                _decoded++;
                if (decoded.Problems.Length > 0) _withProblems++;
                return decoded;
            }
            catch (TokenFormatException e)
            {
                failure = TokenReadFailure.From(e);
            }
            catch (TokenClaimException e)
            {
                failure = TokenReadFailure.From(e);
            }

            return null;
        }

        protected override void EndProcessing() =>
            WriteVerbose($"Decoded {_decoded} token(s); {_withProblems} with problems Twilio would reject.");

        public void Dispose() => _key?.Dispose();
    }

    /// <summary>What copying a token from a console, a header or a log adds around it: white space, quotes,
    /// 'Bearer ', a label such as 'Jwt        : ', line breaks and indentation inside it.</summary>
    internal static class PastedToken
    {
        private static readonly Regex s_label = new Regex(@"^(?:(?<label>[A-Za-z][\w-]*\s*:)|(?<bearer>Bearer)\s|(?<quotes>[""'](?=.*[""']$)))", RegexOptions.IgnoreCase | RegexOptions.Singleline);

        /// <summary>The token without them; <paramref name="removed"/> names what was removed, or is null.</summary>
        public static string Clean(string text, out string removed)
        {
            var found = new List<string>();
            string token = text ?? string.Empty;
            for (Match m; ;)
            {
                string trimmed = token.Trim();
                if (trimmed.Length != token.Length && !found.Contains("the white space around it")) found.Add("the white space around it");
                token = trimmed;
                if (!(m = s_label.Match(token)).Success) break;
                found.Add(m.Groups["label"].Success ? $"the label '{m.Value.Trim()}' before it" : m.Groups["bearer"].Success ? "'Bearer ' before it" : "the quotes around it");
                token = m.Groups["quotes"].Success ? token.Substring(1, token.Length - 2) : token.Substring(m.Length);
            }

            string joined = Regex.Replace(token, @"\s+", string.Empty);
            if (joined.Length != token.Length) found.Add("the line breaks and spaces inside it");
            removed = found.Count == 0 ? null : string.Join(", ", found);
            return joined;
        }
    }

    /// <summary>Why a text could not be read as a token: as an ErrorRecord for ConvertFrom-, as a problem for Test-.</summary>
    internal sealed class TokenReadFailure
    {
        private TokenReadFailure(string errorId, ErrorCategory category, int twilioCode, Exception exception)
        {
            ErrorId = errorId;
            Category = category;
            Problem = new TokenProblem(twilioCode, exception.Message,
                twilioCode == TwilioErrorCode.InvalidAccessToken
                    ? "This is not a JWT: check that the whole token was copied (three base64url parts separated by dots)."
                    : "The token is JWT-shaped but its content is malformed; mint it again with New-TwilioAccessToken.");
            Exception = exception;
        }

        public string ErrorId { get; }

        public ErrorCategory Category { get; }

        /// <summary>20101 when the text is not a JWT at all, 20160 when it is JWT-shaped but malformed.</summary>
        public TokenProblem Problem { get; }

        public Exception Exception { get; }

        internal static TokenReadFailure From(TokenFormatException e)
        {
            bool notAJwt = e.Error == TokenFormatError.NotThreeParts || e.Error == TokenFormatError.InvalidBase64Url || e.Error == TokenFormatError.TooLarge;
            int code = notAJwt ? TwilioErrorCode.InvalidAccessToken : TwilioErrorCode.MalformedToken;
            ErrorCategory category = e.Error == TokenFormatError.TooLarge ? ErrorCategory.LimitsExceeded : ErrorCategory.InvalidData;
            return new TokenReadFailure(ErrorIds.ForFormatError(e.Error), category, code,
                new FormatException($"{e.Message} (Twilio error {code})", e));
        }

        internal static TokenReadFailure From(TokenClaimException e) =>
            new TokenReadFailure(ErrorIds.TokenClaimInvalid, ErrorCategory.InvalidData, TwilioErrorCode.MalformedToken,
                new FormatException($"{e.Message} (Twilio error {TwilioErrorCode.MalformedToken})", e));
    }
}
