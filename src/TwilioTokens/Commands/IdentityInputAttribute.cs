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

        /// <summary>The value of <see cref="LastInput"/>'s Identity property, read once when it was offered.</summary>
        [ThreadStatic] private static object s_lastIdentity;

        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            object value = Unwrap(inputData);
            // The binder offers the whole object first, then its Identity property's value: that keeps LastInput.
            bool identityOfLastInput = value != null && value.Equals(s_lastIdentity);
            if (!identityOfLastInput)
            {
                LastInput = inputData;
                s_lastIdentity = null;
            }

            if (value == null || value is string || value is Array || value.GetType().IsPrimitive)
            {
                return inputData;
            }

            // An object with an Identity property binds as that property's value, as PowerShell would bind it by
            // property name. Handing the value over here, when the binder first offers the whole object, spares it
            // a failed attempt to bind the object itself, which costs more than the rest of binding a CSV row.
            PSPropertyInfo identity = PSObject.AsPSObject(inputData).Properties["Identity"];
            if (!identityOfLastInput)
            {
                s_lastIdentity = Unwrap(identity?.Value);
            }

            return identity != null ? identity.Value : Rejected;
        }

        private static object Unwrap(object value) => value is PSObject wrapped ? wrapped.BaseObject : value;

        internal static bool IsRejected(string[] identity) => identity != null && identity.Length == 1 && identity[0] == Rejected[0];
    }
}
