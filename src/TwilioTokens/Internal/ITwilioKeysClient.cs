using System;
using System.Security;
using System.Threading;
using System.Threading.Tasks;

namespace TwilioTokens.Internal
{
    /// <summary>
    /// Twilio's Keys resources (v2010 and IAM v1), as the API key cmdlets need them. The engine implements it (HttpClient and
    /// System.Text.Json); every failure is a <see cref="TwilioApiException"/>. Not meant for scripts.
    /// </summary>
    internal interface ITwilioKeysClient
    {
        /// <summary>IAM v1 GET /v1/Keys/{Sid} (with the permissions), else, when IAM v1 refuses or cannot be reached,
        /// GET Keys/{Sid}.json.</summary>
        Task<ApiKey> FetchAsync(string accountSid, string keySid, CancellationToken cancellation);

        /// <summary>The first page when <paramref name="nextPageUri"/> is null (IAM v1 GET /v1/Keys, with each key's
        /// flags, else GET Keys.json as for <see cref="FetchAsync"/>), else the page a previous one linked to.</summary>
        Task<ApiKeyPage> ListPageAsync(string accountSid, int pageSize, string nextPageUri, CancellationToken cancellation);

        /// <summary>POST Keys.json with <c>FriendlyName</c> when given; with <paramref name="permissions"/>, IAM v1
        /// POST /v1/Keys creating a Restricted key.</summary>
        Task<CreatedApiKey> CreateAsync(string accountSid, string friendlyName, string[] permissions, CancellationToken cancellation);

        /// <summary>POST Keys/{Sid}.json with <c>FriendlyName</c>; with <paramref name="permissions"/>, IAM v1
        /// POST /v1/Keys/{Sid} with the policy (and the friendly name, when given).</summary>
        Task<ApiKey> UpdateAsync(string accountSid, string keySid, string friendlyName, string[] permissions, CancellationToken cancellation);

        /// <summary>DELETE Keys/{Sid}.json.</summary>
        Task DeleteAsync(string accountSid, string keySid, CancellationToken cancellation);
    }

    /// <summary>One page of a key listing and where the next one is (null on the last page).</summary>
    internal sealed class ApiKeyPage
    {
        public ApiKeyPage(ApiKey[] keys, string nextPageUri)
        {
            Keys = keys;
            NextPageUri = nextPageUri;
        }

        public ApiKey[] Keys { get; }

        public string NextPageUri { get; }
    }

    /// <summary>A created key and its secret, which Twilio returns only in this answer. The engine builds the
    /// SecureString; the cmdlet wraps both into a <see cref="NewApiKey"/> with its PSCredential.</summary>
    internal sealed class CreatedApiKey
    {
        public CreatedApiKey(ApiKey key, SecureString secret)
        {
            Key = key;
            Secret = secret;
        }

        public ApiKey Key { get; }

        public SecureString Secret { get; }
    }

    /// <summary>How to reach Twilio and how patient to be. The Authorization value belongs to one cmdlet run and is
    /// sent with each request; the engine's shared HttpClient never holds it.</summary>
    internal sealed class RestClientOptions
    {
        /// <summary>Scheme, host and optional path prefix; the API's paths are appended to it.</summary>
        public Uri BaseUri { get; set; }

        /// <summary>Likewise for IAM v1; <see cref="BaseUri"/> when null.</summary>
        public Uri IamBaseUri { get; set; }

        /// <summary>The Basic credentials, base64 of "user:password", without the scheme.</summary>
        public string BasicCredentials { get; set; }

        /// <summary>Per request, retries each getting their own.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>Retries after the first request, for 429 and transient 5xx answers.</summary>
        public int MaxRetries { get; set; } = 3;

        /// <summary>The first backoff delay after a 5xx (or a 429 without Retry-After); doubled for each retry.</summary>
        public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(300);

        /// <summary>The longest Retry-After honoured; a longer one fails at once rather than stall a runbook.</summary>
        public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

        public string UserAgent { get; set; }

        /// <summary>Receives one line per request, answer and retry, from any thread; never a credential.</summary>
        public Action<string> Trace { get; set; }
    }
}
