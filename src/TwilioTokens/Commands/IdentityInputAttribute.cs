using System;
using System.Management.Automation;

namespace TwilioTokens.Commands
{
    /// <summary>
    /// Keeps New-TwilioAccessToken's -Identity to text and Identity properties: an object piped in that is neither
    /// text nor has an Identity property would otherwise bind as its ToString() (a CSV row with a User column, a
    /// file). Such an object binds as <see cref="Rejected"/>, and the cmdlet reports it with the object itself.
    /// </summary>
    internal sealed class IdentityInputAttribute : ArgumentTransformationAttribute
    {
        /// <summary>What -Identity holds for an object rejected here; no real identity can be it (a control character).</summary>
        internal static readonly string[] Rejected = { "\0TwilioTokens.NoIdentity" };

        /// <summary>The object last offered, on this thread: the input the cmdlet's next ProcessRecord handles.</summary>
        [ThreadStatic] internal static object LastInput;

        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            object value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            // The binder offers the whole object first, then its Identity property's value: that keeps LastInput.
            object identity = LastInput == null ? null : PSObject.AsPSObject(LastInput).Properties["Identity"]?.Value;
            if (value == null || !value.Equals(identity is PSObject inner ? inner.BaseObject : identity))
            {
                LastInput = inputData;
            }

            bool text = value == null || value is string || value is Array || value.GetType().IsPrimitive;
            // An object with an Identity property is bound by that property (it fails to bind as the whole object).
            return text || PSObject.AsPSObject(inputData).Properties["Identity"] != null ? inputData : Rejected;
        }

        internal static bool IsRejected(string[] identity) => identity != null && identity.Length == 1 && identity[0] == Rejected[0];
    }
}
