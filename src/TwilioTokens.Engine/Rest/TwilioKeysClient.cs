using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using TwilioTokens.Internal;

namespace TwilioTokens.Engine.Rest
{
    /// <summary>Twilio's v2010 Keys resource: <c>/2010-04-01/Accounts/{AccountSid}/Keys[/{Sid}].json</c> under the base URI
    /// (whose path, if any, is kept as a prefix: proxies and private endpoints).</summary>
    internal sealed class TwilioKeysClient : ITwilioKeysClient
    {
        private readonly RestTransport _transport;
        private readonly string _origin;
        private readonly string _pathPrefix;

        public TwilioKeysClient(RestClientOptions options)
        {
            if (options?.BaseUri == null || !options.BaseUri.IsAbsoluteUri)
            {
                throw new ArgumentException("An absolute base URI is required.", nameof(options));
            }

            _transport = new RestTransport(HttpClientCache.For(options.BaseUri), options);
            _origin = options.BaseUri.GetLeftPart(UriPartial.Authority);
            _pathPrefix = options.BaseUri.AbsolutePath.TrimEnd('/');
        }

        public async Task<ApiKey> FetchAsync(string accountSid, string keySid, CancellationToken cancellation)
        {
            Uri uri = KeyUri(accountSid, keySid);
            RestResponse response = await _transport.SendAsync(HttpMethod.Get, uri, null, null, cancellation).ConfigureAwait(false);
            return Read(HttpMethod.Get, uri, response, root => ApiKeyJson.ReadKey(root, accountSid));
        }

        public async Task<ApiKeyPage> ListPageAsync(string accountSid, int pageSize, string nextPageUri, CancellationToken cancellation)
        {
            Uri uri = nextPageUri == null
                ? Resolve($"/2010-04-01/Accounts/{accountSid}/Keys.json?PageSize={pageSize.ToString(CultureInfo.InvariantCulture)}")
                : ResolveNextPage(nextPageUri);
            RestResponse response = await _transport.SendAsync(HttpMethod.Get, uri, null, null, cancellation).ConfigureAwait(false);
            return Read(HttpMethod.Get, uri, response, root =>
            {
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("keys", out JsonElement keys) || keys.ValueKind != JsonValueKind.Array)
                {
                    throw new FormatException("the page has no \"keys\" array");
                }

                var page = new List<ApiKey>(keys.GetArrayLength());
                foreach (JsonElement key in keys.EnumerateArray())
                {
                    page.Add(ApiKeyJson.ReadKey(key, accountSid));
                }

                if (!root.TryGetProperty("next_page_uri", out JsonElement link) || link.ValueKind == JsonValueKind.Null)
                {
                    return new ApiKeyPage(page.ToArray(), null);
                }

                string next = link.ValueKind == JsonValueKind.String ? link.GetString() : throw new FormatException("\"next_page_uri\" is not a string");
                return new ApiKeyPage(page.ToArray(), next.Length > 0 ? next : null);
            });
        }

        public async Task<CreatedApiKey> CreateAsync(string accountSid, string friendlyName, CancellationToken cancellation)
        {
            Uri uri = Resolve($"/2010-04-01/Accounts/{accountSid}/Keys.json");
            var form = new List<KeyValuePair<string, string>>();
            if (friendlyName != null)
            {
                form.Add(new KeyValuePair<string, string>("FriendlyName", friendlyName));
            }

            // Whatever fails once the request may have reached Twilio says how to find the key it may have created.
            string find = friendlyName == null ? "Get-TwilioApiKey (a key without a friendly name)" : $"Get-TwilioApiKey -FriendlyName {Quoted(friendlyName)}";
            string ifUnsure = $"Twilio may have created the key all the same, and its secret is lost: look for it with {find} and remove it before creating another.";
            RestResponse response = await _transport.SendAsync(HttpMethod.Post, uri, form, ifUnsure, cancellation).ConfigureAwait(false);
            try
            {
                // The SID and the secret first; the rest is read leniently (ApiKeyJson.ReadKey).
                return Read(HttpMethod.Post, uri, response, root =>
                {
                    ApiKey key = ApiKeyJson.ReadKey(root, accountSid, lenient: true);
                    try
                    {
                        return new CreatedApiKey(key, ApiKeyJson.ReadSecret(response.Body));
                    }
                    catch (FormatException e)
                    {
                        throw TwilioErrorReader.InvalidResponse("POST", uri, response,
                            $"{e.Message}: remove the key it created (Remove-TwilioApiKey {TwilioErrorReader.Printable(key.Sid)}) and create another", e);
                    }
                }, ifUnsure);
            }
            finally
            {
                // The body held the secret in clear.
                Array.Clear(response.Body, 0, response.Body.Length);
            }
        }

        public Task DeleteAsync(string accountSid, string keySid, CancellationToken cancellation) =>
            _transport.SendAsync(HttpMethod.Delete, KeyUri(accountSid, keySid), null, null, cancellation);

        /// <summary>A friendly name as a single-quoted PowerShell wildcard that matches only itself.</summary>
        private static string Quoted(string name) =>
            "'" + Regex.Replace(Regex.Replace(name, "[*?\\[\\]`]", "`$0"), "['\u2018\u2019\u201A\u201B]", "$0$0") + "'";

        private Uri KeyUri(string accountSid, string keySid) => Resolve($"/2010-04-01/Accounts/{accountSid}/Keys/{keySid}.json");

        private Uri Resolve(string pathAndQuery) => new Uri(_origin + _pathPrefix + pathAndQuery);

        /// <summary>Twilio's <c>next_page_uri</c> is a path from the API root; an absolute link is followed only to the same
        /// origin, so that a page can never send the credentials elsewhere.</summary>
        private Uri ResolveNextPage(string next)
        {
            if (next.StartsWith("/", StringComparison.Ordinal))
            {
                return Resolve(next);
            }

            if (Uri.TryCreate(next, UriKind.Absolute, out Uri absolute) &&
                string.Equals(absolute.GetLeftPart(UriPartial.Authority), _origin, StringComparison.OrdinalIgnoreCase))
            {
                return absolute;
            }

            throw new TwilioApiException(TwilioApiFailure.InvalidResponse,
                $"The listing's next_page_uri '{TwilioErrorReader.Printable(next)}' points outside {_origin}; it was not followed.", "GET", null, 0);
        }

        /// <param name="advice">Added to the message when the answer cannot be read.</param>
        private static T Read<T>(HttpMethod method, Uri uri, RestResponse response, Func<JsonElement, T> read, string advice = null)
        {
            try
            {
                using (JsonDocument document = JsonDocument.Parse(response.Body))
                {
                    return read(document.RootElement);
                }
            }
            catch (JsonException e)
            {
                throw TwilioErrorReader.InvalidResponse(method.Method, uri, response, "the body is not valid JSON", e, advice);
            }
            catch (FormatException e)
            {
                throw TwilioErrorReader.InvalidResponse(method.Method, uri, response, e.Message, e, advice);
            }
        }
    }
}
