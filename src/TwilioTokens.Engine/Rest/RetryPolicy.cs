using System;
using System.Net.Http;
using TwilioTokens.Internal;

namespace TwilioTokens.Engine.Rest
{
    /// <summary>
    /// Which failed answers are worth another request, and after how long. 429 is always safe to repeat (Twilio
    /// did nothing); 5xx is repeated for GET and DELETE, but for POST only a 503 with Retry-After (the server asking to
    /// be asked again later), because any other server error to a create may still have created a key. Retry-After
    /// (429, 503) is honoured up to a cap, other waits back off exponentially. Every other status is final. A
    /// connection lost after a GET or DELETE was sent is retried like a 5xx (<see cref="Backoff"/>).
    /// </summary>
    internal sealed class RetryPolicy
    {
        private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

        private readonly RestClientOptions _options;
        private readonly Random _jitter = new Random();

        public RetryPolicy(RestClientOptions options)
        {
            _options = options;
        }

        public int MaxRetries => _options.MaxRetries;

        /// <summary>The wait before the next attempt, or null when <paramref name="response"/> is final. <paramref name="why"/>
        /// is a sentence saying why a transient answer is final.</summary>
        public TimeSpan? NextDelay(HttpMethod method, RestResponse response, int attempt, out string why)
        {
            why = null;
            int status = response.StatusCode;
            if (status >= 500 && method == HttpMethod.Post && !(status == 503 && response.RetryAfter.HasValue))
            {
                why = "Not retried: a create is repeated only when the answer shows nothing was done (429, or 503 with Retry-After).";
                return null;
            }

            if (status != 429 && status < 500)
            {
                return null;
            }

            if (attempt > _options.MaxRetries)
            {
                why = _options.MaxRetries == 0 ? "Not retried: -MaximumRetryCount is 0." : $"Gave up after {attempt} attempts (-MaximumRetryCount {_options.MaxRetries}).";
                return null;
            }

            if ((status == 429 || status == 503) && response.RetryAfter.HasValue)
            {
                TimeSpan asked = response.RetryAfter.Value;
                if (asked > _options.MaxRetryAfter)
                {
                    why = $"Not retried: Twilio asked to wait {asked.TotalSeconds:0} s (Retry-After), longer than the {_options.MaxRetryAfter.TotalSeconds:0} s this client waits.";
                    return null;
                }

                return asked < TimeSpan.Zero ? TimeSpan.Zero : asked;
            }

            return Backoff(attempt);
        }

        /// <summary>base × 2^(attempt-1), capped, with "equal jitter" (half fixed, half random) so that many runbooks
        /// failing together do not retry in step.</summary>
        public TimeSpan Backoff(int attempt)
        {
            double full = Math.Min(_options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1), MaxBackoff.TotalMilliseconds);
            double jitter;
            lock (_jitter)
            {
                jitter = _jitter.NextDouble();
            }

            return TimeSpan.FromMilliseconds(full / 2 + jitter * full / 2);
        }
    }
}
