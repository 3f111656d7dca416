using System.Management.Automation;

namespace TwilioTokens.Commands
{
    /// <summary>
    /// Remove-TwilioApiKey: deletes keys, which revokes every access token they signed. Keys from Get-TwilioApiKey and
    /// decoded tokens from ConvertFrom-TwilioAccessToken pipe in by their Sid/ApiKeySid and AccountSid; a key that
    /// cannot be deleted is reported and the next one is still deleted.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "TwilioApiKey", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(ApiKey))]
    public sealed class RemoveTwilioApiKeyCommand : TwilioApiCommandBase
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ApiKeySid")]
        public string Sid { get; set; }

        /// <summary>A key piped in from Get- or New-TwilioApiKey, whose friendly name the confirmation shows.</summary>
        [Parameter(ValueFromPipeline = true)]
        public ApiKey InputObject { get; set; }

        /// <summary>Writes the removed key (its Sid and AccountSid) for each one deleted.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            if (!TryResolveKey(Sid, out string keySid, out string accountSid))
            {
                return;
            }

            if (!ShouldProcess($"{Named(InputObject, keySid)} of account {accountSid} (DELETE {KeysUrl(accountSid, keySid)})",
                    "Remove, revoking every access token it signed"))
            {
                return;
            }

            try
            {
                Call((client, cancellation) => client.DeleteAsync(accountSid, keySid, cancellation));
            }
            catch (TwilioApiException e)
            {
                WriteApiError(e, keySid);
                return;
            }

            WriteVerbose($"Removed API key {keySid}: tokens it signed are no longer accepted.");
            if (PassThru)
            {
                WriteObject(new ApiKey(keySid, null, null, null, accountSid));
            }
        }
    }
}
