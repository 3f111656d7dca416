using System;

namespace TwilioTokens.Engine.Rest
{
    /// <summary>An answer, read in full within the request's timeout.</summary>
    internal sealed class RestResponse
    {
        public RestResponse(int attempt, int statusCode, string reasonPhrase, byte[] body, string mediaType, string requestId, TimeSpan? retryAfter)
        {
            Attempt = attempt;
            StatusCode = statusCode;
            ReasonPhrase = reasonPhrase;
            Body = body;
            MediaType = mediaType;
            RequestId = requestId;
            RetryAfter = retryAfter;
        }

        /// <summary>1 for the first request, 2 for the first retry, ...</summary>
        public int Attempt { get; }

        public int StatusCode { get; }

        public string ReasonPhrase { get; }

        public byte[] Body { get; }

        public string MediaType { get; }

        /// <summary>Twilio-Request-Id.</summary>
        public string RequestId { get; }

        /// <summary>Retry-After as a wait from now (seconds or an HTTP date); null when absent.</summary>
        public TimeSpan? RetryAfter { get; }

        public bool IsSuccess => StatusCode >= 200 && StatusCode < 300;
    }
}
