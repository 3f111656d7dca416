using System;
using System.Management.Automation;

namespace TwilioTokens.Internal
{
    /// <summary>Carries a finished ErrorRecord out of helper code to the cmdlet that reports it, terminating or not.</summary>
    internal sealed class ErrorRecordException : Exception
    {
        public ErrorRecordException(string errorId, ErrorCategory category, object target, string message, string recommendedAction = null)
            : base(message)
        {
            var exception = new ArgumentException(message);
            ErrorRecord = new ErrorRecord(exception, errorId, category, target);
            if (recommendedAction != null)
            {
                ErrorRecord.ErrorDetails = new ErrorDetails(message) { RecommendedAction = recommendedAction };
            }
        }

        public ErrorRecord ErrorRecord { get; }
    }
}
