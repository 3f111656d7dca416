using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using TwilioTokens.Internal;

namespace TwilioTokens.Engine.Rest
{
    /// <summary>
    /// Sends one logical request: each attempt with the Authorization header and its own timeout, failed answers
    /// retried as <see cref="RetryPolicy"/> says, and every failure turned into a <see cref="TwilioApiException"/>.
    /// Traces method, URL, status and waits; never headers or bodies.
    /// </summary>
    internal sealed class RestTransport
    {
        private readonly HttpClient _http;
        private readonly RestClientOptions _options;
        private readonly RetryPolicy _retry;

        public RestTransport(HttpClient http, RestClientOptions options)
        {
            _http = http;
            _options = options;
            _retry = new RetryPolicy(options);
        }

        public async Task<RestResponse> SendAsync(HttpMethod method, Uri uri, IList<KeyValuePair<string, string>> form, CancellationToken cancellation)
        {
            for (int attempt = 1; ; attempt++)
            {
                RestResponse response = await SendOnceAsync(method, uri, form, attempt, cancellation).ConfigureAwait(false);
                if (response.IsSuccess)
                {
                    return response;
                }

                TimeSpan? delay = _retry.NextDelay(method, response, attempt, out string why);
                if (delay == null)
                {
                    throw TwilioErrorReader.FromResponse(method.Method, uri, response, why);
                }

                Trace($"{response.StatusCode} {response.ReasonPhrase}: retry {attempt} of {_retry.MaxRetries} in {delay.Value.TotalSeconds:0.###} s" +
                      (response.StatusCode == 429 && response.RetryAfter.HasValue ? " (Retry-After)." : "."));
                await Task.Delay(delay.Value, cancellation).ConfigureAwait(false);
            }
        }

        private async Task<RestResponse> SendOnceAsync(HttpMethod method, Uri uri, IList<KeyValuePair<string, string>> form, int attempt, CancellationToken cancellation)
        {
            using (var request = new HttpRequestMessage(method, uri))
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", _options.BasicCredentials);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                if (!string.IsNullOrEmpty(_options.UserAgent))
                {
                    request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
                }

                if (form != null)
                {
                    request.Content = new FormUrlEncodedContent(form);
                }

                Trace($"{method.Method} {uri}" + (attempt > 1 ? $" (attempt {attempt})" : string.Empty));
                var clock = Stopwatch.StartNew();
                timeout.CancelAfter(_options.Timeout);
                try
                {
                    // ResponseContentRead: the timeout covers the body too, not only the headers.
                    using (HttpResponseMessage answer = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false))
                    {
                        byte[] body = await answer.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                        var response = new RestResponse(attempt, (int)answer.StatusCode, answer.ReasonPhrase, body,
                            answer.Content.Headers.ContentType?.MediaType, Header(answer, "Twilio-Request-Id"), RetryAfter(answer));
                        Trace($"{response.StatusCode} {response.ReasonPhrase} in {clock.ElapsedMilliseconds} ms" +
                              (response.RequestId != null ? $", request {response.RequestId}." : "."));
                        return response;
                    }
                }
                catch (OperationCanceledException e) when (!cancellation.IsCancellationRequested)
                {
                    throw new TwilioApiException(TwilioApiFailure.TimedOut,
                        $"{method.Method} {uri} got no complete answer within {_options.Timeout.TotalSeconds:0.###} s (-TimeoutSec)." +
                        (method == HttpMethod.Post ? " Twilio may have created the key all the same: list the keys (Get-TwilioApiKey) before trying again." : string.Empty),
                        method.Method, uri, attempt, innerException: e);
                }
                catch (HttpRequestException e)
                {
                    throw new TwilioApiException(TwilioApiFailure.ConnectionFailed,
                        $"{method.Method} {uri} failed: could not reach {uri.GetLeftPart(UriPartial.Authority)} ({Innermost(e).Message}). Check -ApiBaseUri, -Region, -Edge, the proxy and the network.",
                        method.Method, uri, attempt, innerException: e);
                }
            }
        }

        private void Trace(string message) => _options.Trace?.Invoke(message);

        private static string Header(HttpResponseMessage answer, string name) =>
            answer.Headers.TryGetValues(name, out IEnumerable<string> values) ? values.FirstOrDefault() : null;

        private static TimeSpan? RetryAfter(HttpResponseMessage answer)
        {
            RetryConditionHeaderValue retryAfter = answer.Headers.RetryAfter;
            if (retryAfter?.Delta != null)
            {
                return retryAfter.Delta.Value;
            }

            if (retryAfter?.Date != null)
            {
                return retryAfter.Date.Value - DateTimeOffset.UtcNow;
            }

            return null;
        }

        private static Exception Innermost(Exception e)
        {
            while (e.InnerException != null)
            {
                e = e.InnerException;
            }

            return e;
        }
    }
}
