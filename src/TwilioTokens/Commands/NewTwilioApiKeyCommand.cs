using System.Management.Automation;
using TwilioTokens.Internal;

namespace TwilioTokens.Commands
{
    /// <summary>
    /// New-TwilioApiKey: creates a Standard API key and returns it with its secret, as a SecureString and as a
    /// PSCredential ready for New-TwilioAccessToken -Credential. Twilio returns the secret in this answer only.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "TwilioApiKey", SupportsShouldProcess = true)]
    [OutputType(typeof(NewApiKey))]
    public sealed class NewTwilioApiKeyCommand : TwilioApiCommandBase
    {
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateLength(1, 64)]
        public string FriendlyName { get; set; }

        protected override void ProcessRecord()
        {
            string accountSid;
            try
            {
                accountSid = ResolveAccountSid();
            }
            catch (ErrorRecordException e)
            {
                WriteError(e.ErrorRecord);
                return;
            }

            string what = FriendlyName != null ? $"API key '{FriendlyName}'" : "API key";
            if (!ShouldProcess($"{what} in account {accountSid} (POST {KeysUrl(accountSid)})", "Create"))
            {
                return;
            }

            CreatedApiKey created;
            try
            {
                string friendlyName = FriendlyName;
                created = Call((client, cancellation) => client.CreateAsync(accountSid, friendlyName, cancellation));
            }
            catch (TwilioApiException e)
            {
                WriteApiError(e, FriendlyName);
                return;
            }

            WriteWarning($"Store the secret of API key {created.Key.Sid} now (for example Set-Secret -Name <name> -Secret $key.Credential): Twilio returns it only once and cannot show it again.");
            WriteObject(new NewApiKey(created.Key, created.Secret));
        }
    }
}
