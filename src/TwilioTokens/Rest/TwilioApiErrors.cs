using System.Management.Automation;
using TwilioTokens.Internal;

namespace TwilioTokens.Rest
{
    /// <summary>Turns a <see cref="TwilioApiException"/> into the ErrorRecord a script catches: a stable ErrorId, the
    /// category that fits, the exception itself (Code, MoreInfo, StatusCode, RequestId) and, for refusals, what to do.</summary>
    internal static class TwilioApiErrors
    {
        public const string ManageKeysHint =
            "Only the account's Auth Token or a Main API key may manage API keys; a Standard key is refused (Twilio error 20003).";

        public const string ManageKeysAction =
            "Pass -Credential with the Account SID and Auth Token, or with a Main key's SID and secret (or set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN), for the account and region the key lives in.";

        public static ErrorRecord ToErrorRecord(TwilioApiException e, object target)
        {
            (string errorId, ErrorCategory category) = Classify(e);
            var record = new ErrorRecord(e, errorId, category, target);
            if (errorId == ErrorIds.TwilioApiAccessDenied)
            {
                record.ErrorDetails = new ErrorDetails(e.Message + " " + ManageKeysHint) { RecommendedAction = ManageKeysAction };
            }

            return record;
        }

        private static (string, ErrorCategory) Classify(TwilioApiException e)
        {
            switch (e.Failure)
            {
                case TwilioApiFailure.ConnectionFailed:
                    return (ErrorIds.TwilioApiConnectionFailed, ErrorCategory.ConnectionError);
                case TwilioApiFailure.TimedOut:
                    return (ErrorIds.TwilioApiTimeout, ErrorCategory.OperationTimeout);
                case TwilioApiFailure.InvalidResponse:
                    return (ErrorIds.TwilioApiInvalidResponse, ErrorCategory.InvalidResult);
                case TwilioApiFailure.ConnectionLost:
                    return (ErrorIds.TwilioApiConnectionLost, ErrorCategory.ConnectionError);
                case TwilioApiFailure.ResponseTooLarge:
                    return (ErrorIds.TwilioApiResponseTooLarge, ErrorCategory.LimitsExceeded);
            }

            int status = e.StatusCode ?? 0;
            if (status == 404)
            {
                return (ErrorIds.TwilioApiNotFound, ErrorCategory.ObjectNotFound);
            }

            if (status == 401 || status == 403)
            {
                return (ErrorIds.TwilioApiAccessDenied, ErrorCategory.PermissionDenied);
            }

            if (status == 429 || status >= 500)
            {
                return (ErrorIds.TwilioApiUnavailable, ErrorCategory.ResourceUnavailable);
            }

            return (ErrorIds.TwilioApiRequestRejected, ErrorCategory.InvalidOperation);
        }
    }
}
