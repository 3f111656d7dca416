using System;
using System.Management.Automation;
using TwilioTokens.Internal;

namespace TwilioTokens.Commands
{
    /// <summary>What every New-Twilio*Grant cmdlet shares: build one grant per input, report a bad combination of
    /// arguments as a non-terminating error for that input and go on with the next.</summary>
    public abstract class NewGrantCommandBase<TGrant> : PSCmdlet where TGrant : TwilioGrant
    {
        // Public as the cmdlets that derive from it must be; an internal constructor keeps others from deriving.
        internal NewGrantCommandBase()
        {
        }

        /// <summary>Builds the grant from the bound parameters; throws <see cref="ArgumentException"/> for a bad combination.</summary>
        protected abstract TGrant CreateGrant();

        protected override void ProcessRecord()
        {
            TGrant grant;
            try
            {
                grant = CreateGrant();
            }
            catch (ArgumentException e)
            {
                WriteError(new ErrorRecord(e, ErrorIds.InvalidGrantArgument, ErrorCategory.InvalidArgument, e.ParamName));
                return;
            }

            WriteVerbose($"Created a '{grant.Kind}' grant.");
            WriteObject(grant);
        }

        protected bool IsBound(string parameterName) => MyInvocation.BoundParameters.ContainsKey(parameterName);
    }
}
