using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;
using System.Threading;

namespace TwilioTokens.Engine.Rest
{
    /// <summary>
    /// One HttpClient per scheme, host and port for the life of the process, so that connections (and their TLS
    /// handshakes) are reused across cmdlet runs and sockets are not exhausted by a loop of calls. The clients hold no
    /// credentials and no timeout: each request brings its Authorization header and its own cancellation.
    /// </summary>
    internal static class HttpClientCache
    {
        /// <summary>Twilio's pages are small; a body far larger than any page is not Twilio.</summary>
        private const long MaxResponseBytes = 16 * 1024 * 1024;

        private static readonly ConcurrentDictionary<string, Lazy<HttpClient>> s_clients =
            new ConcurrentDictionary<string, Lazy<HttpClient>>(StringComparer.OrdinalIgnoreCase);

        public static HttpClient For(Uri baseUri) =>
            s_clients.GetOrAdd(baseUri.GetLeftPart(UriPartial.Authority),
                _ => new Lazy<HttpClient>(Create, LazyThreadSafetyMode.ExecutionAndPublication)).Value;

        private static HttpClient Create()
        {
            var handler = new HttpClientHandler
            {
                // A redirect would be a misconfigured -ApiBaseUri; following it could carry the request elsewhere.
                AllowAutoRedirect = false,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            };
            return new HttpClient(handler)
            {
                Timeout = Timeout.InfiniteTimeSpan,
                MaxResponseContentBufferSize = MaxResponseBytes,
            };
        }
    }
}
