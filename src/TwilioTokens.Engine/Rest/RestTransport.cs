using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
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
        /// <summary>Twilio's pages are small; a body far larger than any page is not Twilio.</summary>
        internal const int MaxResponseBytes = 16 * 1024 * 1024;

        private readonly RestClientOptions _options;
        private readonly RetryPolicy _retry;

        public RestTransport(RestClientOptions options)
        {
            _options = options;
            _retry = new RetryPolicy(options);
        }

        /// <param name="ifUnsure">For a create: the sentence added to every failure after which Twilio may have acted
        /// all the same (a timeout, a lost answer, a server error).</param>
        public async Task<RestResponse> SendAsync(HttpMethod method, Uri uri, IList<KeyValuePair<string, string>> form, string ifUnsure, CancellationToken cancellation)
        {
            // Whether an earlier attempt may have done the work: a DELETE that then finds nothing has succeeded.
            bool mayHaveActed = false;
            for (int attempt = 1; ; attempt++)
            {
                RestResponse response;
                try
                {
                    response = await SendOnceAsync(method, uri, form, attempt, ifUnsure, cancellation).ConfigureAwait(false);
                }
                catch (TwilioApiException e) when (e.Failure == TwilioApiFailure.ConnectionLost && method != HttpMethod.Post && attempt <= _retry.MaxRetries)
                {
                    // GET and DELETE may be repeated: the connection broke, not the request.
                    mayHaveActed = true;
                    TimeSpan wait = _retry.Backoff(attempt);
                    Trace($"Connection lost ({Innermost(e).Message}): retry {attempt} of {_retry.MaxRetries} in {wait.TotalSeconds:0.###} s.");
                    await Task.Delay(wait, cancellation).ConfigureAwait(false);
                    continue;
                }

                if (response.IsSuccess)
                {
                    return response;
                }

                if (mayHaveActed && method == HttpMethod.Delete && response.StatusCode == 404)
                {
                    Trace("404 Not Found after an attempt that failed: taken as removed, by that attempt.");
                    return response;
                }

                mayHaveActed |= response.StatusCode >= 500;
                TimeSpan? delay = _retry.NextDelay(method, response, attempt, out string why);
                if (delay == null)
                {
                    if (ifUnsure != null && response.StatusCode >= 500)
                    {
                        why = (why + " " + ifUnsure).TrimStart();
                    }

                    throw TwilioErrorReader.FromResponse(method.Method, uri, response, why);
                }

                bool asked = (response.StatusCode == 429 || response.StatusCode == 503) && response.RetryAfter.HasValue;
                Trace($"{response.StatusCode} {response.ReasonPhrase}: retry {attempt} of {_retry.MaxRetries} in {delay.Value.TotalSeconds:0.###} s" + (asked ? " (Retry-After)." : "."));
                await Task.Delay(delay.Value, cancellation).ConfigureAwait(false);
            }
        }

        private async Task<RestResponse> SendOnceAsync(HttpMethod method, Uri uri, IList<KeyValuePair<string, string>> form, int attempt, string ifUnsure, CancellationToken cancellation)
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
                string unsure = ifUnsure != null ? " " + ifUnsure : string.Empty;
                HttpResponseMessage answer = null;
                try
                {
                    // Headers first, then the body read here, under the same timeout and within MaxResponseBytes.
                    answer = await HttpClientCache.For(uri).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                    string reason = TwilioErrorReader.Printable(answer.ReasonPhrase);
                    byte[] body = await ReadBodyAsync(answer.Content, timeout.Token).ConfigureAwait(false) ??
                        throw new TwilioApiException(TwilioApiFailure.ResponseTooLarge,
                            $"{method.Method} {uri} answered {(int)answer.StatusCode} {reason} with more than {MaxResponseBytes / (1024 * 1024)} MB, far more than any Twilio answer; the rest was not read. Is -ApiBaseUri really Twilio's REST API?" + unsure,
                            method.Method, uri, attempt, (int)answer.StatusCode);
                    var response = new RestResponse(attempt, (int)answer.StatusCode, reason, body, answer.Content.Headers.ContentType?.MediaType,
                        TwilioErrorReader.Printable(Header(answer, "Twilio-Request-Id")), RetryAfter(answer));
                    Trace($"{response.StatusCode} {response.ReasonPhrase} in {clock.ElapsedMilliseconds} ms" +
                          (response.RequestId != null ? $", request {response.RequestId}." : "."));
                    return response;
                }
                catch (OperationCanceledException e) when (!cancellation.IsCancellationRequested)
                {
                    throw new TwilioApiException(TwilioApiFailure.TimedOut,
                        $"{method.Method} {uri} got no complete answer within {_options.Timeout.TotalSeconds:0.###} s (-TimeoutSec)." + unsure,
                        method.Method, uri, attempt, innerException: e);
                }
                catch (Exception e) when ((e is HttpRequestException || e is IOException) && answer == null && NeverSent(e))
                {
                    throw new TwilioApiException(TwilioApiFailure.ConnectionFailed,
                        $"{method.Method} {uri} failed: could not reach {uri.GetLeftPart(UriPartial.Authority)} ({Innermost(e).Message}). Check -ApiBaseUri, -Region, -Edge, the proxy and the network.",
                        method.Method, uri, attempt, innerException: e);
                }
                catch (Exception e) when (e is HttpRequestException || e is IOException)
                {
                    throw new TwilioApiException(TwilioApiFailure.ConnectionLost,
                        $"{method.Method} {uri} failed: the connection broke " + (answer == null ? "after the request was sent, before any answer" : "while the answer was read") +
                        $" ({Innermost(e).Message})." + unsure,
                        method.Method, uri, attempt, (int?)answer?.StatusCode, innerException: e);
                }
                finally
                {
                    answer?.Dispose();
                }
            }
        }

        /// <summary>The whole body, or null when it is longer than <see cref="MaxResponseBytes"/>. The chunk buffer is
        /// cleared: a create's answer holds the new secret.</summary>
        private static async Task<byte[]> ReadBodyAsync(HttpContent content, CancellationToken cancellation)
        {
            var chunk = new byte[16 * 1024];
            using (Stream stream = await content.ReadAsStreamAsync().ConfigureAwait(false))
            using (var body = new MemoryStream((int)Math.Min(content.Headers.ContentLength ?? 0, MaxResponseBytes)))
            {
                try
                {
                    int read;
                    while ((read = await stream.ReadAsync(chunk, 0, chunk.Length, cancellation).ConfigureAwait(false)) > 0)
                    {
                        if (body.Length + read > MaxResponseBytes)
                        {
                            return null;
                        }

                        body.Write(chunk, 0, read);
                    }

                    return body.ToArray();
                }
                finally
                {
                    Array.Clear(chunk, 0, chunk.Length);
                    Array.Clear(body.GetBuffer(), 0, (int)body.Length);
                }
            }
        }

        /// <summary>Whether the request certainly never reached the server: no connection, TLS session or proxy tunnel
        /// could be made. .NET 8 and later say so in HttpRequestException.HttpRequestError (read by name: netstandard2.0
        /// has no such property); elsewhere a refused or unresolved connection does.</summary>
        private static bool NeverSent(Exception e)
        {
            string error = e.GetType().GetProperty("HttpRequestError")?.GetValue(e)?.ToString();
            if (error != null)
            {
                return error == "ConnectionError" || error == "NameResolutionError" || error == "SecureConnectionError" || error == "ProxyTunnelError";
            }

            SocketError? socket = (Innermost(e) as SocketException)?.SocketErrorCode;
            return socket == SocketError.ConnectionRefused || socket == SocketError.HostNotFound || socket == SocketError.TryAgain ||
                   socket == SocketError.NetworkUnreachable || socket == SocketError.HostUnreachable;
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
