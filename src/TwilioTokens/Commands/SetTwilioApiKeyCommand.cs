using System.Management.Automation;
using TwilioTokens.Internal;

namespace TwilioTokens.Commands
{
    /// <summary>
    /// Set-TwilioApiKey: renames keys (v2010, POST Keys/{Sid}.json) and replaces a Restricted key's permissions (IAM v1,
    /// POST /v1/Keys/{Sid}, with the new name too when both are given: one request, never half done). Keys pipe in from
    /// Get- and New-TwilioApiKey, SIDs as strings; a key that cannot be changed is reported and the next one is changed.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "TwilioApiKey", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ApiKey))]
    public sealed class SetTwilioApiKeyCommand : TwilioApiCommandBase
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ApiKeySid")]
        public string Sid { get; set; }

        /// <summary>A key piped in from Get- or New-TwilioApiKey, whose friendly name the confirmation shows.</summary>
        [Parameter(ValueFromPipeline = true)]
        public ApiKey InputObject { get; set; }

        /// <summary>The new name. Named only and never bound from the pipeline: a piped key's own name is not a new one.</summary>
        [Parameter]
        [ValidateLength(1, 64)]
        public string FriendlyName { get; set; }

        /// <summary>The Restricted key's new permissions, replacing all it had.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] Permission { get; set; }

        /// <summary>Writes each key as Twilio states it after the change.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void BeginProcessing()
        {
            if (FriendlyName == null && Permission == null)
            {
                ThrowTerminatingError(new ErrorRecordException(ErrorIds.NothingToSet, ErrorCategory.InvalidArgument, null,
                    "Nothing to change: give -FriendlyName, -Permission or both. Nothing was sent.").ErrorRecord);
            }

            CheckPermissions(Permission);
            base.BeginProcessing();
        }

        protected override void ProcessRecord()
        {
            if (!TryResolveKey(Sid, out string keySid, out string accountSid))
            {
                return;
            }

            string allow = Permission != null ? $"allow only {string.Join(", ", Permission)}" : null;
            string change = FriendlyName == null ? "Set to " + allow : $"Rename to '{FriendlyName}'" + (allow != null ? " and " + allow : string.Empty);
            string url = Permission != null ? IamKeysUrl(keySid) : KeysUrl(accountSid, keySid);
            if (!ShouldProcess($"{Named(InputObject, keySid)} of account {accountSid} (POST {url})", change))
            {
                return;
            }

            ApiKey key;
            try
            {
                string friendlyName = FriendlyName;
                string[] permission = Permission;
                key = Call((client, cancellation) => client.UpdateAsync(accountSid, keySid, friendlyName, permission, cancellation));
            }
            catch (TwilioApiException e)
            {
                WriteApiError(e, keySid);
                return;
            }

            WriteVerbose($"Updated API key {keySid}.");
            if (PassThru)
            {
                WriteObject(key);
            }
        }
    }
}
