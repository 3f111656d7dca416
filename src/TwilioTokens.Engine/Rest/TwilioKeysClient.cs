using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using TwilioTokens.Internal;
using TwilioTokens.Rest;

namespace TwilioTokens.Engine.Rest
{
    /// <summary>Twilio's v2010 Keys resource, <c>/2010-04-01/Accounts/{AccountSid}/Keys[/{Sid}].json</c> under the base URI
    /// (whose path, if any, is kept as a prefix: proxies and private endpoints), and IAM v1's <c>/v1/Keys[/{Sid}]</c> under
    /// the IAM base URI. Reads go to IAM v1 first, for key types and permissions, and to v2010 when IAM v1 refuses.</summary>
    internal sealed class TwilioKeysClient : ITwilioKeysClient
    {
        private readonly RestTransport _transport;
        private readonly string _origin;
        private readonly string _v2010;
        private readonly string _iam;
        private readonly Action<string> _trace;

        public TwilioKeysClient(RestClientOptions options)
        {
            if (options?.BaseUri == null || !options.BaseUri.IsAbsoluteUri)
            {
                throw new ArgumentException("An absolute base URI is required.", nameof(options));
            }

            _transport = new RestTransport(options);
            _origin = options.BaseUri.GetLeftPart(UriPartial.Authority);
            _v2010 = TwilioApiEndpoint.Prefix(options.BaseUri);
            _iam = TwilioApiEndpoint.Prefix(options.IamBaseUri ?? options.BaseUri);
            _trace = options.Trace;
        }

        public Task<ApiKey> FetchAsync(string accountSid, string keySid, CancellationToken cancellation) =>
            IamOrV2010(() => GetAsync(new Uri(_iam + TwilioApiEndpoint.IamKeysPath(keySid)), root => ApiKeyJson.ReadKey(root, accountSid), cancellation),
                () => GetAsync(KeyUri(accountSid, keySid), root => ApiKeyJson.ReadKey(root, accountSid), cancellation));

        public Task<ApiKeyPage> ListPageAsync(string accountSid, int pageSize, string nextPageUri, CancellationToken cancellation)
        {
            string size = pageSize.ToString(CultureInfo.InvariantCulture);
            if (nextPageUri == null)
            {
                return IamOrV2010(() => PageAsync(new Uri(_iam + TwilioApiEndpoint.IamKeysPath() + $"?AccountSid={accountSid}&PageSize={size}"), accountSid, cancellation),
                    () => PageAsync(Resolve(TwilioApiEndpoint.V2010KeysPath(accountSid) + $"?PageSize={size}"), accountSid, cancellation));
            }

            return PageAsync(ResolveNextPage(nextPageUri), accountSid, cancellation);
        }

        /// <summary>IAM v1 first; the 2010-04-01 API when IAM v1 refuses the credential (401, 403), has no such resource
        /// there (404: a region without it) or cannot be reached.</summary>
        private async Task<T> IamOrV2010<T>(Func<Task<T>> iam, Func<Task<T>> v2010)
        {
            try
            {
                return await iam().ConfigureAwait(false);
            }
            catch (TwilioApiException e) when (e.Failure == TwilioApiFailure.ConnectionFailed ||
                                               (e.Failure == TwilioApiFailure.HttpError && (e.StatusCode == 401 || e.StatusCode == 403 || e.StatusCode == 404)))
            {
                _trace?.Invoke($"IAM v1 answered {e.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? "nothing"}: reading the 2010-04-01 API instead, which states no key types or permissions.");
                return await v2010().ConfigureAwait(false);
            }
        }

        private async Task<T> GetAsync<T>(Uri uri, Func<JsonElement, T> read, CancellationToken cancellation)
        {
            RestResponse response = await _transport.SendAsync(HttpMethod.Get, uri, null, null, cancellation).ConfigureAwait(false);
            return Read(HttpMethod.Get, uri, response, read);
        }

        /// <summary>A page of either API: v2010's <c>next_page_uri</c> or IAM v1's <c>meta.next_page_url</c> leads on.</summary>
        private Task<ApiKeyPage> PageAsync(Uri uri, string accountSid, CancellationToken cancellation) =>
            GetAsync(uri, root =>
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

                string name = "next_page_uri";
                JsonElement link = default;
                bool linked = root.TryGetProperty(name, out link) ||
                              (root.TryGetProperty("meta", out JsonElement meta) && meta.ValueKind == JsonValueKind.Object && meta.TryGetProperty(name = "next_page_url", out link));
                if (!linked || link.ValueKind == JsonValueKind.Null)
                {
                    return new ApiKeyPage(page.ToArray(), null);
                }

                string next = link.ValueKind == JsonValueKind.String ? link.GetString() : throw new FormatException($"\"{name}\" is not a string");
                return new ApiKeyPage(page.ToArray(), next.Length > 0 ? next : null);
            }, cancellation);

        public async Task<CreatedApiKey> CreateAsync(string accountSid, string friendlyName, string[] permissions, CancellationToken cancellation)
        {
            Uri uri = permissions != null ? new Uri(_iam + TwilioApiEndpoint.IamKeysPath()) : Resolve(TwilioApiEndpoint.V2010KeysPath(accountSid));
            var form = Form(permissions != null ? accountSid : null, friendlyName, permissions);

            // Whatever fails once the request may have reached Twilio says how to find the key it may have created.
            string find = friendlyName == null ? "Get-TwilioApiKey (a key without a friendly name)" : $"Get-TwilioApiKey -FriendlyName {Quoted(friendlyName)}";
            string ifUnsure = $"Twilio may have created the key all the same, and its secret is lost: look for it with {find} and remove it before creating another.";
            RestResponse response = await _transport.SendAsync(HttpMethod.Post, uri, form, ifUnsure, cancellation).ConfigureAwait(false);
            try
            {
                // The SID and the secret first; the rest is read leniently (ApiKeyJson.ReadKey).
                return Read(HttpMethod.Post, uri, response, root =>
                {
                    ApiKey key = Asked(ApiKeyJson.ReadKey(root, accountSid, lenient: true), permissions);
                    key.KeyType = permissions != null ? ApiKeyType.Restricted : ApiKeyType.Standard;
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

        public async Task<ApiKey> UpdateAsync(string accountSid, string keySid, string friendlyName, string[] permissions, CancellationToken cancellation)
        {
            Uri uri = permissions != null ? new Uri(_iam + TwilioApiEndpoint.IamKeysPath(keySid)) : KeyUri(accountSid, keySid);
            RestResponse response = await _transport.SendAsync(HttpMethod.Post, uri, Form(null, friendlyName, permissions), null, cancellation).ConfigureAwait(false);
            return Read(HttpMethod.Post, uri, response, root => Asked(ApiKeyJson.ReadKey(root, accountSid), permissions));
        }

        /// <summary>The form of a create or update: IAM v1's AccountSid, KeyType and Policy only for a Restricted key.</summary>
        private static List<KeyValuePair<string, string>> Form(string accountSid, string friendlyName, string[] permissions)
        {
            var form = new List<KeyValuePair<string, string>>();
            void Add(string name, string value)
            {
                if (value != null)
                {
                    form.Add(new KeyValuePair<string, string>(name, value));
                }
            }

            Add("AccountSid", accountSid);
            Add("FriendlyName", friendlyName);
            Add("KeyType", permissions != null && accountSid != null ? "restricted" : null);
            Add("Policy", permissions != null ? JsonSerializer.Serialize(new Dictionary<string, string[]> { ["allow"] = permissions }) : null);
            return form;
        }

        /// <summary>A key whose policy Twilio accepted: its answer's permissions, else (an answer that leaves the policy
        /// out) the ones sent.</summary>
        private static ApiKey Asked(ApiKey key, string[] permissions)
        {
            if (permissions != null && key.Permission == null)
            {
                key.Permission = permissions;
                key.KeyType = ApiKeyType.Restricted;
            }

            return key;
        }

        public Task DeleteAsync(string accountSid, string keySid, CancellationToken cancellation) =>
            _transport.SendAsync(HttpMethod.Delete, KeyUri(accountSid, keySid), null, null, cancellation);

        /// <summary>A friendly name as a single-quoted PowerShell wildcard that matches only itself.</summary>
        private static string Quoted(string name) =>
            "'" + Regex.Replace(Regex.Replace(name, "[*?\\[\\]`]", "`$0"), "['\u2018\u2019\u201A\u201B]", "$0$0") + "'";

        private Uri KeyUri(string accountSid, string keySid) => Resolve(TwilioApiEndpoint.V2010KeysPath(accountSid, keySid));

        private Uri Resolve(string pathAndQuery) => new Uri(_v2010 + pathAndQuery);

        /// <summary>v2010's <c>next_page_uri</c> is a path from the API root, IAM v1's <c>next_page_url</c> an absolute
        /// link on Twilio's host. An absolute link is followed only to the origin in use, or from Twilio's own host
        /// (<c>https://*.twilio.com</c>) rebased onto it (-ApiBaseUri, -Region, -Edge): a page can never send the
        /// credentials elsewhere.</summary>
        private Uri ResolveNextPage(string next)
        {
            bool absolute = Uri.TryCreate(next, UriKind.Absolute, out Uri link) && link.Scheme != "file";
            string path = absolute ? link.PathAndQuery : next;
            string rebased = (path.StartsWith("/v1/", StringComparison.Ordinal) ? _iam : _v2010) + path;
            if (!absolute && next.StartsWith("/", StringComparison.Ordinal))
            {
                return new Uri(rebased);
            }

            if (absolute && (new Uri(rebased).GetLeftPart(UriPartial.Authority).Equals(link.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase)))
            {
                return link;
            }

            if (absolute && link.Scheme == Uri.UriSchemeHttps && (link.Host == "twilio.com" || link.Host.EndsWith(".twilio.com", StringComparison.OrdinalIgnoreCase)))
            {
                return new Uri(rebased);
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
