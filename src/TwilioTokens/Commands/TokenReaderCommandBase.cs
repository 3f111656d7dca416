using System;
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

        // Tokens a run reads on the pipeline's thread before it starts reading ahead on a thread of its own.
        private const int ReadHereFirst = 64;

        // Smaller batches than minting's: a decoded token and its garbage are several times a minted one's, and every
        // token waiting in a batch when the collector runs is copied into an older generation. Measure-Warmed.ps1
        // -Pipeline Decoding, streamed: 0.41-0.53 with 32 and 2, 0.28-0.35 with 256 and 4 (docs/performance.md).
        private const int ReadBatchSize = 32;
        private const int ReadBatchesInFlight = 2;

        private ISigningKey _key;
        private WorkAhead<TokenRead> _readAhead;
        private int _requested;
        private string _expectedApiKeySid;
        private int _decoded;
        private int _withProblems;

        // Tokens read together usually share their key, account and application SIDs: the parser reuses the strings
        // it made for the previous tokens, so a script that keeps many decoded tokens keeps one copy of each.
        private readonly RepeatedStrings _repeatedSids = new RepeatedStrings();

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

        /// <summary>Reads the token of this input object, or queues it to be read ahead; writes what has been read.</summary>
        protected override void ProcessRecord()
        {
            var read = new TokenRead { Text = Token };

            // The first tokens of a run are read here, so that a short run never waits for another thread; a longer one
            // reads ahead on a thread of its own, which owns the shared SID strings from then on.
            if (_readAhead == null && _requested++ < ReadHereFirst)
            {
                Read(ref read, _repeatedSids);
                Write(read);
                return;
            }

            if (_readAhead == null)
            {
                // The thread reading ahead takes the run's shared SID strings; the pipeline's thread, when it would
                // wait for that thread, reads queued batches with strings of its own. Both verify with the one key,
                // which verifies under its lock.
                var helperSids = new RepeatedStrings();
                _readAhead = new WorkAhead<TokenRead>((ref TokenRead queued) => Read(ref queued, _repeatedSids), ReadBatchSize,
                    ReadBatchesInFlight, (ref TokenRead queued) => Read(ref queued, helperSids));
            }

            _readAhead.Add(read);
            foreach (TokenRead done in _readAhead.TakeFinished(all: false))
            {
                Write(done);
            }
        }

        protected override void EndProcessing()
        {
            if (_readAhead != null)
            {
                foreach (TokenRead done in _readAhead.TakeFinished(all: true))
                {
                    Write(done);
                }
            }

            WriteVerbose($"Decoded {_decoded} token(s); {_withProblems} with problems Twilio would reject.");
        }

        /// <summary>Writes what one token came to: the decoded token (<paramref name="decoded"/>), or, when it is null,
        /// why <paramref name="text"/> could not be read (<paramref name="failure"/>).</summary>
        private protected abstract void WriteResult(string text, DecodedAccessToken decoded, TokenReadFailure failure);

        /// <summary>Decodes and diagnoses one token, on whichever thread reads for this run, sharing SID strings through
        /// <paramref name="repeatedSids"/> (one thread's at a time): a text that is not a token is kept as the failure,
        /// not thrown.</summary>
        private void Read(ref TokenRead read, RepeatedStrings repeatedSids)
        {
            try
            {
                ParsedJwt parsed = EngineHost.Engine.Parse(read.Text.Trim(), repeatedSids);
                read.Decoded = TokenDecoder.Decode(parsed, _key, _expectedApiKeySid, DateTime.UtcNow);
            }
            catch (TokenFormatException e)
            {
                read.Failure = TokenReadFailure.From(e);
            }
            catch (TokenClaimException e)
            {
                read.Failure = TokenReadFailure.From(e);
            }
        }

        private void Write(in TokenRead read)
        {
            // Counted, not reported per token: a message per token was formatted whether or not verbose output was on
            // (docs/performance.md). EndProcessing reports the totals.
            if (read.Decoded != null)
            {
                _decoded++;
                if (read.Decoded.Problems.Length > 0) _withProblems++;
            }

            WriteResult(read.Text, read.Decoded, read.Failure);
        }

        /// <summary>PowerShell disposes the cmdlet when the pipeline ends, stopped or not: the reading thread is stopped
        /// first, then the key's copy of the secret is cleared.</summary>
        public void Dispose()
        {
            _readAhead?.Dispose();
            _key?.Dispose();
        }
    }

    /// <summary>Why a text could not be read as a token: as an ErrorRecord for ConvertFrom-, as a problem for Test-.</summary>
    public sealed class TokenReadFailure
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
