using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Management.Automation;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using TwilioTokens.Internal;
using TwilioTokens.Rest;

namespace TwilioTokens.Commands
{
    /// <summary>
    /// What the API key cmdlets share: the account, credentials and endpoint parameters, one client per run, and
    /// <see cref="Call{T}"/>, which runs an engine call while passing its trace lines to the verbose stream on the
    /// pipeline thread (PowerShell allows Write* from no other) and cancels it when the pipeline is stopped.
    /// </summary>
    public abstract class TwilioApiCommandBase : PSCmdlet, IDisposable
    {
        private static readonly Regex PermissionShape = new Regex("^/twilio(/[A-Za-z0-9_-]+){3}$", RegexOptions.CultureInvariant);
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private readonly BlockingCollection<string> _trace = new BlockingCollection<string>();
        private ITwilioKeysClient _client;
        private RestCredential _credential;

        // Public as the cmdlets that derive from it must be; an internal constructor keeps others from deriving.
        internal TwilioApiCommandBase()
        {
        }

        /// <summary>The account whose keys these are. Binds by property name, so keys and decoded tokens bring theirs.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string AccountSid { get; set; }

        [Parameter]
        [Credential]
        public PSCredential Credential { get; set; }

        /// <summary>As New-TwilioAccessToken -Region: Twilio's regions, completed in the same order.</summary>
        [Parameter]
        [ValidateSet(Regions.Us1, Regions.Us2, Regions.Ie1, Regions.Au1, Regions.Jp1, Regions.Sg1, Regions.Br1, Regions.De1)]
        public string Region { get; set; }

        /// <summary>Twilio's edges; keep in step with <see cref="Regions.Edges"/>, which checks TWILIO_EDGE.</summary>
        [Parameter]
        [ValidateSet("ashburn", "dublin", "frankfurt", "roaming", "sao-paulo", "singapore", "sydney", "tokyo", "umatilla")]
        public string Edge { get; set; }

        [Parameter]
        [ValidateNotNull]
        public Uri ApiBaseUri { get; set; }

        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = 30;

        [Parameter]
        [ValidateRange(0, 10)]
        public int MaximumRetryCount { get; set; } = 3;

        /// <summary>The endpoints all calls of this run go to: the 2010-04-01 API and IAM v1.</summary>
        protected Uri BaseUri { get; private set; }

        protected Uri IamBaseUri { get; private set; }

        protected override void BeginProcessing()
        {
            try
            {
                BaseUri = TwilioApiEndpoint.Resolve(ApiBaseUri, Region, Edge);
                IamBaseUri = TwilioApiEndpoint.Resolve(ApiBaseUri, Region, Edge, "iam");
                _credential = RestCredentialResolver.Resolve(Credential);
            }
            catch (ErrorRecordException e)
            {
                ThrowTerminatingError(e.ErrorRecord);
            }

            WriteVerbose($"Twilio REST API at {BaseUri}, as {_credential.UserName} (from {_credential.Source}); IAM v1 at {IamBaseUri}.");
        }

        /// <summary>The account for the current input: -AccountSid or the piped object's, else the credential's or the
        /// environment's. Throws <see cref="ErrorRecordException"/>.</summary>
        protected string ResolveAccountSid() => RestCredentialResolver.ResolveAccountSid(AccountSid, _credential);

        /// <summary>The key SID given and its account, for a cmdlet that changes one key per input; false, with the error
        /// written for this input alone, when either is not valid.</summary>
        private protected bool TryResolveKey(string sid, out string keySid, out string accountSid)
        {
            try
            {
                keySid = ApiKeySids.Check(sid);
                accountSid = ResolveAccountSid();
                return true;
            }
            catch (ErrorRecordException e)
            {
                WriteError(e.ErrorRecord);
                keySid = accountSid = null;
                return false;
            }
        }

        /// <summary>The URL of the key (or of the Keys list when <paramref name="keySid"/> is null), for messages and ShouldProcess.</summary>
        protected string KeysUrl(string accountSid, string keySid = null) =>
            TwilioApiEndpoint.Prefix(BaseUri) + TwilioApiEndpoint.V2010KeysPath(accountSid, keySid);

        /// <summary>The IAM v1 URL of the key (or of the Keys list), for messages and ShouldProcess.</summary>
        protected string IamKeysUrl(string keySid = null) => TwilioApiEndpoint.Prefix(IamBaseUri) + TwilioApiEndpoint.IamKeysPath(keySid);

        /// <summary>How a ShouldProcess message names the key: with its friendly name when the object piped in states it.</summary>
        protected static string Named(ApiKey key, string keySid) =>
            key?.FriendlyName != null && string.Equals(key.Sid, keySid, StringComparison.OrdinalIgnoreCase)
                ? $"API key '{key.FriendlyName}' ({keySid})" : $"API key {keySid}";

        /// <summary>Checks -Permission: each of the form /twilio/product/resource/action, before anything is sent.</summary>
        protected void CheckPermissions(string[] permissions)
        {
            foreach (string permission in permissions ?? new string[0])
            {
                if (permission == null || !PermissionShape.IsMatch(permission))
                {
                    ThrowTerminatingError(new ErrorRecordException(ErrorIds.InvalidPermission, ErrorCategory.InvalidArgument, permission,
                        $"The permission '{permission}' is not of the form /twilio/<product>/<resource>/<action> (such as /twilio/messaging/messages/read). Nothing was sent.").ErrorRecord);
                }
            }
        }

        /// <summary>Runs one engine call to completion on this thread's terms. Throws <see cref="TwilioApiException"/>.</summary>
        /// <param name="deferredTrace">Receives the trace lines instead of the verbose stream, for a caller that must
        /// write its result before anything a preference could halt.</param>
        private protected T Call<T>(Func<ITwilioKeysClient, CancellationToken, Task<T>> call, List<string> deferredTrace = null)
        {
            Task<T> task;
            try
            {
                task = call(Client, _stopping.Token);
            }
            catch (Exception e)
            {
                task = Task.FromException<T>(e);
            }

            // A null line after the call's own: the trace is complete and the loop below can stop waiting.
            task.ContinueWith(_ => _trace.Add(null), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            foreach (string line in _trace.GetConsumingEnumerable())
            {
                if (line == null)
                {
                    break;
                }

                if (deferredTrace != null)
                {
                    deferredTrace.Add(line);
                }
                else
                {
                    WriteVerbose(line);
                }
            }

            try
            {
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        private protected void Call(Func<ITwilioKeysClient, CancellationToken, Task> call) =>
            Call<bool>(async (client, cancellation) =>
            {
                await call(client, cancellation).ConfigureAwait(false);
                return true;
            });

        /// <summary>Reports a failed call as a non-terminating error, so the next input is still processed.</summary>
        protected void WriteApiError(TwilioApiException e, object target) => WriteError(TwilioApiErrors.ToErrorRecord(e, target));

        protected override void StopProcessing() => _stopping.Cancel();

        /// <summary>Abandons a call still in flight (the pipeline ended while it ran). Nothing is disposed: the
        /// abandoned call may still touch the token source and the trace.</summary>
        public void Dispose() => _stopping.Cancel();

        /// <summary>Created on first use: -WhatIf runs load no engine and send nothing.</summary>
        private ITwilioKeysClient Client => _client ?? (_client = EngineHost.Engine.CreateKeysClient(new RestClientOptions
        {
            BaseUri = BaseUri,
            IamBaseUri = IamBaseUri,
            BasicCredentials = _credential.ToBasicParameter(),
            Timeout = TimeSpan.FromSeconds(TimeoutSec),
            MaxRetries = MaximumRetryCount,
            UserAgent = $"TwilioTokens/{typeof(TwilioApiCommandBase).Assembly.GetName().Version.ToString(3)} (PowerShell)",
            Trace = line => _trace.Add(line),
        }));
    }
}
