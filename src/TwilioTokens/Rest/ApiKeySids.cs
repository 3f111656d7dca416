using System.Management.Automation;
using TwilioTokens.Internal;

namespace TwilioTokens.Rest
{
    /// <summary>Checks a key SID before it goes into a URL: a malformed one is reported and nothing is sent.</summary>
    internal static class ApiKeySids
    {
        public static string Check(string value)
        {
            string sid = value?.Trim();
            if (Sid.IsValid(sid, Sid.ApiKey))
            {
                return sid;
            }

            string what = Sid.IsValid(sid, Sid.Account)
                ? "an Account SID (AC…); the key's SID starts with SK"
                : "not an API key SID: SK followed by 32 hex digits";
            throw new ErrorRecordException(ErrorIds.InvalidApiKeySid, ErrorCategory.InvalidArgument, value,
                $"'{value}' is {what}. Nothing was sent.");
        }
    }
}
