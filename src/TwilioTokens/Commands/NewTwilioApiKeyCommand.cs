using System.Collections.Generic;
using System.Management.Automation;
using TwilioTokens.Internal;

namespace TwilioTokens.Commands
{
    /// <summary>
    /// New-TwilioApiKey: creates a Standard API key (v2010), or with -Permission a Restricted one (IAM v1), and returns it with its secret, as a SecureString and as a
    /// PSCredential ready for New-TwilioAccessToken -Credential. Twilio returns the secret in this answer only, so once
    /// the request is sent nothing a preference can halt (verbose lines, the reminder to store the secret) comes before
    /// the key is written, and after it only what the preferences let through without halting.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "TwilioApiKey", SupportsShouldProcess = true)]
    [OutputType(typeof(NewApiKey))]
    public sealed class NewTwilioApiKeyCommand : TwilioApiCommandBase
    {
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateLength(1, 64)]
        public string FriendlyName { get; set; }

        /// <summary>Creates a Restricted key that may call only these APIs (/twilio/product/resource/action).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] Permission { get; set; }

        protected override void BeginProcessing()
        {
            CheckPermissions(Permission);
            base.BeginProcessing();
        }

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

            string what = (Permission != null ? "Restricted API key" : "API key") + (FriendlyName != null ? $" '{FriendlyName}'" : string.Empty);
            string where = Permission != null ? $"{string.Join(", ", Permission)}; POST {IamKeysUrl()}" : $"POST {KeysUrl(accountSid)}";
            if (!ShouldProcess($"{what} in account {accountSid} ({where})", "Create"))
            {
                return;
            }

            CreatedApiKey created;
            var trace = new List<string>();
            try
            {
                string friendlyName = FriendlyName;
                string[] permission = Permission;
                created = Call((client, cancellation) => client.CreateAsync(accountSid, friendlyName, permission, cancellation), trace);
            }
            catch (TwilioApiException e)
            {
                trace.ForEach(WriteVerbose);
                WriteApiError(e, FriendlyName);
                return;
            }

            WriteObject(new NewApiKey(created.Key, created.Secret));
            bool verbose = !MayHalt(VerbosePreference());
            if (verbose)
            {
                trace.ForEach(WriteVerbose);
            }

            string reminder = $"Store the secret of API key {created.Key.Sid} now (for example Set-Secret -Name <name> -Secret $key.Credential): Twilio returns it only once and cannot show it again.";
            if (!MayHalt(WarningPreference()))
            {
                WriteWarning(reminder);
            }
            else if (verbose)
            {
                WriteVerbose(reminder);
            }
        }

        private static bool MayHalt(ActionPreference preference) =>
            preference != ActionPreference.Continue && preference != ActionPreference.SilentlyContinue && preference != ActionPreference.Ignore;

        // The preferences in force, by PowerShell's own rules (MshCommandRuntime), which a cmdlet cannot ask for:
        // -WarningAction, else -Debug (Inquire), else -Verbose (Continue), else $WarningPreference; -Verbose, else
        // -Debug (Inquire where the host can ask, else Continue), else $VerbosePreference.
        private ActionPreference WarningPreference() =>
            MyInvocation.BoundParameters.TryGetValue("WarningAction", out object action) ? Preference(action)
            : Switch("Debug") == true ? ActionPreference.Inquire
            : Switch("Verbose") == true ? ActionPreference.Continue
            : Preference(GetVariableValue("WarningPreference"));

        private ActionPreference VerbosePreference() =>
            Switch("Verbose") is bool verbose ? (verbose ? ActionPreference.Continue : ActionPreference.SilentlyContinue)
            : Switch("Debug") == true ? (Host.UI == null ? ActionPreference.Continue : ActionPreference.Inquire)
            : Preference(GetVariableValue("VerbosePreference"));

        private bool? Switch(string name) =>
            MyInvocation.BoundParameters.TryGetValue(name, out object value) ? LanguagePrimitives.IsTrue(value) : (bool?)null;

        private static ActionPreference Preference(object value) =>
            LanguagePrimitives.TryConvertTo(value, out ActionPreference preference) ? preference : ActionPreference.Continue;
    }
}
