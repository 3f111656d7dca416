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
        /// <summary>How long a pooled connection serves before a new one is opened, its host's name resolved again: a long
        /// session follows Twilio's DNS changes.</summary>
        internal static readonly TimeSpan PooledConnectionLifetime = TimeSpan.FromMinutes(2);

        private const DecompressionMethods Decompression = DecompressionMethods.GZip | DecompressionMethods.Deflate;

        private static readonly ConcurrentDictionary<string, Lazy<HttpClient>> s_clients =
            new ConcurrentDictionary<string, Lazy<HttpClient>>(StringComparer.OrdinalIgnoreCase);

        public static HttpClient For(Uri baseUri) =>
            s_clients.GetOrAdd(baseUri.GetLeftPart(UriPartial.Authority), _ => new Lazy<HttpClient>(
                () => new HttpClient(CreateHandler(baseUri)) { Timeout = Timeout.InfiniteTimeSpan }, LazyThreadSafetyMode.ExecutionAndPublication)).Value;

        /// <summary>
        /// No redirects (a redirect would be a misconfigured -ApiBaseUri; following it could carry the request elsewhere),
        /// no cookies, and no proxy for a loopback base URI: HTTP_PROXY or ALL_PROXY would otherwise receive a local
        /// stand-in's requests, Authorization header included. On PowerShell 7 a SocketsHttpHandler (made by reflection:
        /// netstandard2.0 cannot name it) with <see cref="PooledConnectionLifetime"/>; on Windows PowerShell, whose
        /// HttpClientHandler has no such setting, that handler.
        /// </summary>
        internal static HttpMessageHandler CreateHandler(Uri baseUri)
        {
            bool useProxy = !baseUri.IsLoopback;
            Type sockets = Type.GetType("System.Net.Http.SocketsHttpHandler, System.Net.Http", throwOnError: false);
            if (sockets == null)
            {
                return new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false, UseProxy = useProxy, AutomaticDecompression = Decompression };
            }

            var handler = (HttpMessageHandler)Activator.CreateInstance(sockets);
            foreach ((string name, object value) in new (string, object)[]
                     {
                         ("AllowAutoRedirect", false), ("UseCookies", false), ("UseProxy", useProxy),
                         ("AutomaticDecompression", Decompression), ("PooledConnectionLifetime", PooledConnectionLifetime),
                     })
            {
                sockets.GetProperty(name).SetValue(handler, value);
            }

            return handler;
        }
    }
}
