using System;

namespace TwilioTokens.Internal
{
    /// <summary>Twilio SIDs: a two-letter prefix and 32 hex digits.</summary>
    internal static class Sid
    {
        public const string Account = "AC";
        public const string ApiKey = "SK";
        public const string Application = "AP";
        public const string Credential = "CR";
        public const string Service = "IS";
        public const string Role = "RL";
        public const string Workspace = "WS";
        public const string Worker = "WK";

        public static bool IsValid(string value, string prefix)
        {
            if (value == null || value.Length != 34 || !value.StartsWith(prefix, StringComparison.Ordinal))
            {
                return false;
            }

            for (int i = 2; i < value.Length; i++)
            {
                char c = value[i];
                bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
                if (!hex)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>A description of what a SID-shaped value actually is, for messages about mix-ups.</summary>
        public static string Describe(string value)
        {
            if (IsValid(value, Account)) return "an Account SID (AC…)";
            if (IsValid(value, ApiKey)) return "an API key SID (SK…)";
            return "not a SID of the expected form";
        }
    }
}
