using System;

namespace TwilioTokens
{
    /// <summary>Why a call to Twilio's REST API failed, as far as the client could tell.</summary>
    public enum TwilioApiFailure
    {
        /// <summary>Twilio answered with an HTTP error status.</summary>
        HttpError,

        /// <summary>No connection could be made: the request never left.</summary>
        ConnectionFailed,

        /// <summary>No complete answer within the timeout.</summary>
        TimedOut,

        /// <summary>Twilio answered with success but the body was not the JSON the API describes, or a listing looped.</summary>
        InvalidResponse,

        /// <summary>The connection broke after the request was sent, before the answer was complete: Twilio may have acted.</summary>
        ConnectionLost,

        /// <summary>An answer (or a listing) far larger than any of Twilio's; it was not read to its end.</summary>
        ResponseTooLarge,
    }

    /// <summary>
    /// The exception behind every ErrorRecord of the API key cmdlets (<c>$_.Exception</c>): Twilio's own error
    /// <see cref="Code"/>, <see cref="TwilioMessage"/> and <see cref="MoreInfo"/> (read from the classic error JSON or
    /// from RFC 9457 problem JSON), the HTTP status and Twilio's request id. Never holds a credential: the request
    /// URI carries none and the Authorization header is not kept.
    /// </summary>
    public sealed class TwilioApiException : Exception
    {
        public TwilioApiException(TwilioApiFailure failure, string message, string method, Uri requestUri, int attempts,
            int? statusCode = null, int? code = null, string twilioMessage = null, string moreInfo = null,
            string requestId = null, TimeSpan? retryAfter = null, Exception innerException = null)
            : base(message, innerException)
        {
            Failure = failure;
            Method = method;
            RequestUri = requestUri;
            Attempts = attempts;
            StatusCode = statusCode;
            Code = code;
            TwilioMessage = twilioMessage;
            MoreInfo = moreInfo;
            RequestId = requestId;
            RetryAfter = retryAfter;
        }

        public TwilioApiFailure Failure { get; }

        public string Method { get; }

        public Uri RequestUri { get; }

        /// <summary>How many requests were sent, retries included.</summary>
        public int Attempts { get; }

        /// <summary>The HTTP status of the last answer; null when none arrived.</summary>
        public int? StatusCode { get; }

        /// <summary>Twilio's error number (20404, 20003, ...), from <c>code</c>.</summary>
        public int? Code { get; }

        /// <summary>Twilio's <c>message</c> (problem JSON: <c>detail</c>, else <c>title</c>).</summary>
        public string TwilioMessage { get; }

        /// <summary>Twilio's <c>more_info</c> link (problem JSON: <c>type</c>).</summary>
        public string MoreInfo { get; }

        /// <summary>The <c>Twilio-Request-Id</c> header: quote it to Twilio support.</summary>
        public string RequestId { get; }

        /// <summary>For 429: how long Twilio asked to wait.</summary>
        public TimeSpan? RetryAfter { get; }
    }
}
