using System.Management.Automation;
using TwilioTokens.Internal;

namespace TwilioTokens.Commands
{
    /// <summary>Checks a SID parameter's prefix and form at binding time, with a message that names what was given
    /// instead (mixing up SIDs of different kinds is the usual mistake).</summary>
    internal sealed class ValidateSidAttribute : ValidateArgumentsAttribute
    {
        private readonly string _prefix;
        private readonly string _what;

        public ValidateSidAttribute(string prefix, string what)
        {
            _prefix = prefix;
            _what = what;
        }

        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            string value = arguments as string;
            if (value != null && !Sid.IsValid(value, _prefix))
            {
                throw new ValidationMetadataException(
                    $"'{value}' is not {_what}: expected {_prefix} followed by 32 hex digits." +
                    (value.Length == 34 && value.Length > 2 && !value.StartsWith(_prefix, System.StringComparison.Ordinal)
                        ? $" It starts with '{value.Substring(0, 2)}', the prefix of another kind of SID."
                        : string.Empty));
            }
        }
    }
}
