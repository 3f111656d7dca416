using System;
using System.Net;
using System.Net.Http;
using System.Reflection;
using System.Security;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Twilio.Rest;
using Twilio.Rest.Api.V2010.Account;
using TwilioTokens.Engine.Rest;
using TwilioTokens.Internal;
using TwilioTokens.Rest;
using Xunit;

namespace TwilioTokens.Rest.Tests;

public class KeyJsonTests
{
    private const string Account = "AC00000000000000000000000000000001";

    [Theory]
    [InlineData("\"flags\":[\"rest_api\",\"signing\"]", "Standard", null)]
    [InlineData("\"flags\":[\"restricted\",\"rest_api\",\"signing\"]", "Restricted", null)]
    [InlineData("\"flags\":[\"rest_api\",\"signing\",\"something_new\"]", null, null)]
    [InlineData("\"policy\":{\"allow\":[\"/twilio/messaging/messages/read\"]}", "Restricted", "/twilio/messaging/messages/read")]
    [InlineData("\"policy\":null", null, null)]
    [InlineData("\"secret\":\"x\"", null, null)]
    public void ReadsIamV1sKeyTypeFromFlagsAndPermissionsFromThePolicy(string field, string keyType, string permission)
    {
        using JsonDocument document = JsonDocument.Parse($"{{\"sid\":\"SK{new string('a', 32)}\",{field}}}");
        ApiKey key = ApiKeyJson.ReadKey(document.RootElement, Account);
        Assert.Equal(keyType, key.KeyType?.ToString());
        Assert.Equal(permission, key.Permission == null ? null : string.Join(",", key.Permission));
    }

    [Theory]
    [InlineData("\"flags\":\"rest_api\"")]
    [InlineData("\"flags\":[1]")]
    [InlineData("\"policy\":[]")]
    [InlineData("\"policy\":{\"allow\":\"/twilio/messaging/messages/read\"}")]
    public void RefusesFlagsAndPoliciesThatAreNotAsDocumented_ButNotForACreatedKey(string field)
    {
        using JsonDocument document = JsonDocument.Parse($"{{\"sid\":\"SK{new string('a', 32)}\",{field}}}");
        Assert.Throws<FormatException>(() => ApiKeyJson.ReadKey(document.RootElement, Account));
        Assert.NotNull(ApiKeyJson.ReadKey(document.RootElement, Account, lenient: true));
    }

    [Theory]
    [InlineData("Mon, 13 Jun 2016 22:50:08 +0000")]
    [InlineData("Tue, 01 Mar 2022 01:02:03 +0000")]
    [InlineData("Sun, 31 Dec 2023 23:59:59 +0000")]
    public void ReadsKeysAsTwilioCsharpDoes(string date)
    {
        string json = $"{{\"sid\":\"SK{new string('a', 32)}\",\"friendly_name\":\"ops ü\",\"date_created\":\"{date}\",\"date_updated\":\"{date}\"}}";
        KeyResource oracle = KeyResource.FromJson(json);
        using JsonDocument document = JsonDocument.Parse(json);
        ApiKey ours = ApiKeyJson.ReadKey(document.RootElement, Account);
        Assert.Equal(oracle.Sid, ours.Sid);
        Assert.Equal(oracle.FriendlyName, ours.FriendlyName);
        Assert.Equal(ToUtc(oracle.DateCreated.Value), ours.DateCreated.Value.UtcDateTime);
        Assert.Equal(ToUtc(oracle.DateUpdated.Value), ours.DateUpdated.Value.UtcDateTime);
        Assert.Equal(TimeSpan.Zero, ours.DateCreated.Value.Offset);
        Assert.Equal(Account, ours.AccountSid);
    }

    [Fact]
    public void ReadsTheSecretOfANewKeyAsTwilioCsharpDoes()
    {
        // An escaped character too: the secret is unescaped into the SecureString.
        string json = "{\"sid\":\"SK" + new string('b', 32) + "\",\"friendly_name\":null,\"date_created\":null,\"date_updated\":null,\"secret\":\"Ab+/\\u0041z0123456789012345678901\"}";
        NewKeyResource oracle = NewKeyResource.FromJson(json);
        using SecureString secret = ApiKeyJson.ReadSecret(Encoding.UTF8.GetBytes(json));
        Assert.Equal(oracle.Secret, new System.Net.NetworkCredential(string.Empty, secret).Password);
        Assert.True(secret.IsReadOnly());
    }

    [Fact]
    public void DatesCarryTheirOffset()
    {
        DateTimeOffset value = ApiKeyJson.ParseDate("Tue, 1 Mar 2022 01:02:03 +0100").Value;
        Assert.Equal(TimeSpan.FromHours(1), value.Offset);
        Assert.Equal(new DateTime(2022, 3, 1, 0, 2, 3, DateTimeKind.Utc), value.UtcDateTime);
        Assert.Null(ApiKeyJson.ParseDate(null));
        Assert.Throws<FormatException>(() => ApiKeyJson.ParseDate("last Tuesday"));
    }

    [Theory]
    [InlineData("{\"friendly_name\":\"x\"}")]
    [InlineData("{\"sid\":42}")]
    [InlineData("[]")]
    public void RejectsKeysThatAreNotAsDocumented(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        Assert.Throws<FormatException>(() => ApiKeyJson.ReadKey(document.RootElement, Account));
    }

    [Fact]
    public void ReadsACreatedKeyLeniently_ButNeverWithoutItsSid()
    {
        using JsonDocument document = JsonDocument.Parse("{\"sid\":\"SK1\",\"friendly_name\":[],\"date_created\":\"soon\",\"date_updated\":3}");
        ApiKey key = ApiKeyJson.ReadKey(document.RootElement, Account, lenient: true);
        Assert.Equal("SK1", key.Sid);
        Assert.Null(key.FriendlyName);
        Assert.Null(key.DateCreated);
        Assert.Null(key.DateUpdated);
        Assert.Throws<FormatException>(() => ApiKeyJson.ReadKey(document.RootElement, Account));
        using JsonDocument noSid = JsonDocument.Parse("{\"secret\":\"x\"}");
        Assert.Throws<FormatException>(() => ApiKeyJson.ReadKey(noSid.RootElement, Account, lenient: true));
    }

    [Fact]
    public void RejectsANewKeyWithoutSecret() =>
        Assert.Throws<FormatException>(() => ApiKeyJson.ReadSecret(Encoding.UTF8.GetBytes("{\"sid\":\"SK1\",\"nested\":{\"secret\":\"x\"}}")));

    private static DateTime ToUtc(DateTime value) => value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc);
}

public class ErrorReaderTests
{
    private static readonly Uri Uri = new("https://api.twilio.com/2010-04-01/Accounts/AC1/Keys.json");

    private static TwilioApiException Read(int status, string body, string reason = "Reason") =>
        TwilioErrorReader.FromResponse("GET", Uri, new RestResponse(2, status, reason, Encoding.UTF8.GetBytes(body), "application/json", "RQ1", null), null);

    [Fact]
    public void ReadsTwiliosClassicErrorJson()
    {
        TwilioApiException e = Read(404, "{\"code\": 20404, \"message\": \"The requested resource was not found\", \"more_info\": \"https://www.twilio.com/docs/errors/20404\", \"status\": 404}");
        Assert.Equal(TwilioApiFailure.HttpError, e.Failure);
        Assert.Equal(404, e.StatusCode);
        Assert.Equal(20404, e.Code);
        Assert.Equal("The requested resource was not found", e.TwilioMessage);
        Assert.Equal("https://www.twilio.com/docs/errors/20404", e.MoreInfo);
        Assert.Equal("RQ1", e.RequestId);
        Assert.Equal(2, e.Attempts);
        Assert.Contains("20404", e.Message);
        Assert.Contains(Uri.ToString(), e.Message);
    }

    [Fact]
    public void ReadsProblemJson()
    {
        TwilioApiException e = Read(403, "{\"type\":\"https://www.twilio.com/docs/errors/20003\",\"title\":\"Forbidden\",\"status\":403,\"detail\":\"Standard keys may not manage keys\",\"code\":\"20003\"}");
        Assert.Equal(20003, e.Code);
        Assert.Equal("Standard keys may not manage keys", e.TwilioMessage);
        Assert.Equal("https://www.twilio.com/docs/errors/20003", e.MoreInfo);
    }

    [Fact]
    public void ProblemJsonWithoutDetailUsesTheTitle_AndAboutBlankIsNoLink()
    {
        TwilioApiException e = Read(429, "{\"type\":\"about:blank\",\"title\":\"Too Many Requests\",\"status\":429}");
        Assert.Equal("Too Many Requests", e.TwilioMessage);
        Assert.Null(e.MoreInfo);
        Assert.Null(e.Code);
    }

    [Fact]
    public void EscapesControlCharactersAndKeepsOnlyTwilioLinks()
    {
        TwilioApiException e = Read(400, "{\"code\":1,\"message\":\"a\\u001b[2J\\r\\nb\\u0007\\u202ec\",\"more_info\":\"https://www.twilio.com.evil.test/x\"}");
        Assert.Equal("a\\u001b[2J\\u000d\\u000ab\\u0007\\u202ec", e.TwilioMessage);
        Assert.Null(e.MoreInfo);
        Assert.DoesNotContain("evil", e.Message);
        Assert.DoesNotMatch("[\\p{Cc}\\p{Cf}]", e.Message);
        Assert.Equal("https://support.twilio.com/x", Read(400, "{\"more_info\":\"https://support.twilio.com/x\"}").MoreInfo);
        Assert.Null(Read(400, "{\"more_info\":\"https://user@www.twilio.com/x\"}").MoreInfo);
    }

    [Theory]
    [InlineData("<html>Bad Gateway</html>")]
    [InlineData("")]
    [InlineData("[1,2]")]
    public void ABodyThatIsNoErrorJsonStillGivesTheStatus(string body)
    {
        TwilioApiException e = Read(502, body, "Bad Gateway");
        Assert.Equal(502, e.StatusCode);
        Assert.Null(e.Code);
        Assert.Null(e.TwilioMessage);
        Assert.Contains("502 Bad Gateway", e.Message);
    }
}

public class RetryPolicyTests
{
    private static RestResponse Answer(int status, TimeSpan? retryAfter = null) => new(1, status, "x", Array.Empty<byte>(), null, null, retryAfter);

    private static readonly RestClientOptions Options = new() { MaxRetries = 3, RetryBaseDelay = TimeSpan.FromMilliseconds(100), MaxRetryAfter = TimeSpan.FromSeconds(60) };

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(409)]
    public void NeverRetriesOther4xx(int status) => Assert.Null(new RetryPolicy(Options).NextDelay(HttpMethod.Get, Answer(status), 1, out _));

    [Fact]
    public void HonoursRetryAfterUpToTheCap()
    {
        var policy = new RetryPolicy(Options);
        Assert.Equal(TimeSpan.FromSeconds(7), policy.NextDelay(HttpMethod.Post, Answer(429, TimeSpan.FromSeconds(7)), 1, out _));
        Assert.Equal(TimeSpan.Zero, policy.NextDelay(HttpMethod.Get, Answer(429, TimeSpan.FromSeconds(-3)), 1, out _));
        Assert.Null(policy.NextDelay(HttpMethod.Get, Answer(429, TimeSpan.FromSeconds(61)), 1, out string why));
        Assert.Contains("61 s", why);
    }

    [Fact]
    public void BacksOffExponentiallyWithinBounds()
    {
        var policy = new RetryPolicy(Options);
        for (int attempt = 1; attempt <= 3; attempt++)
        {
            double full = 100 * Math.Pow(2, attempt - 1);
            TimeSpan delay = policy.NextDelay(HttpMethod.Get, Answer(500), attempt, out _).Value;
            Assert.InRange(delay.TotalMilliseconds, full / 2, full);
        }

        Assert.Null(policy.NextDelay(HttpMethod.Get, Answer(500), 4, out string why));
        Assert.Contains("4 attempts", why);
    }

    [Fact]
    public void RepeatsACreateOnlyWhenTwilioCertainlyDidNothing()
    {
        var policy = new RetryPolicy(Options);
        Assert.Null(policy.NextDelay(HttpMethod.Post, Answer(500), 1, out string why));
        Assert.Contains("503 with Retry-After", why);
        Assert.Null(policy.NextDelay(HttpMethod.Post, Answer(503), 1, out _));
        Assert.Equal(TimeSpan.FromSeconds(2), policy.NextDelay(HttpMethod.Post, Answer(503, TimeSpan.FromSeconds(2)), 1, out _));
        Assert.NotNull(policy.NextDelay(HttpMethod.Post, Answer(429), 1, out _));
        Assert.NotNull(policy.NextDelay(HttpMethod.Delete, Answer(500), 1, out _));
    }
}

public class KeysClientTests
{
    [Fact]
    public async Task DoesNotFollowANextPageToAnotherOrigin()
    {
        var client = new TwilioKeysClient(new RestClientOptions { BaseUri = new Uri("http://127.0.0.1:9/"), BasicCredentials = "eDp5" });
        var e = await Assert.ThrowsAsync<TwilioApiException>(() =>
            client.ListPageAsync("AC00000000000000000000000000000001", 50, "https://evil.example.test/2010-04-01/Accounts/AC1/Keys.json?Page=1", CancellationToken.None));
        Assert.Equal(TwilioApiFailure.InvalidResponse, e.Failure);
    }
}

public class HttpClientCacheTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8080/", false)]
    [InlineData("http://localhost:8080/twilio", false)]
    [InlineData("http://[::1]:8080/", false)]
    [InlineData("https://api.dublin.ie1.twilio.com/", true)]
    public void PoolsConnectionsForALimitedTime_AndNeverProxiesLoopback(string baseUri, bool useProxy)
    {
        // The client the cache hands out, and its handler (HttpMessageInvoker keeps it in a private field).
        HttpClient client = HttpClientCache.For(new Uri(baseUri));
        object handler = typeof(HttpMessageInvoker).GetField("_handler", BindingFlags.NonPublic | BindingFlags.Instance).GetValue(client);
        var sockets = Assert.IsType<SocketsHttpHandler>(handler);
        Assert.Equal(TimeSpan.FromMinutes(2), sockets.PooledConnectionLifetime);
        Assert.Equal(useProxy, sockets.UseProxy);
        Assert.False(sockets.AllowAutoRedirect);
        Assert.False(sockets.UseCookies);
        Assert.Equal(DecompressionMethods.GZip | DecompressionMethods.Deflate, sockets.AutomaticDecompression);
        Assert.Equal(Timeout.InfiniteTimeSpan, client.Timeout);
        Assert.Same(client, HttpClientCache.For(new Uri(baseUri)));
    }
}

public class EndpointTests
{
    private const string Path = "/2010-04-01/Accounts/AC00000000000000000000000000000001/Keys.json";

    [Theory]
    [InlineData(null, null)]
    [InlineData("ie1", null)]
    [InlineData("au1", "sydney")]
    [InlineData(null, "dublin")]
    [InlineData("jp1", "tokyo")]
    [InlineData("us1", "umatilla")]
    public void BuildsTheHostAsTwilioCsharpDoes(string region, string edge)
    {
        Environment.SetEnvironmentVariable(TwilioApiEndpoint.BaseUriVariable, null);
        Environment.SetEnvironmentVariable(TwilioApiEndpoint.RegionVariable, null);
        Environment.SetEnvironmentVariable(TwilioApiEndpoint.EdgeVariable, null);
        var request = new Twilio.Http.Request(Twilio.Http.HttpMethod.Get, Domain.Api, Path, region: region, edge: edge);
        Uri oracle = request.ConstructUrl();
        Uri ours = TwilioApiEndpoint.Resolve(null, region, edge);
        Assert.Equal(oracle.Host, ours.Host);
        Assert.Equal(oracle.Scheme, ours.Scheme);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("ie1", null)]
    [InlineData("au1", "sydney")]
    [InlineData(null, "dublin")]
    public void BuildsIamV1sHostAsTwilioCsharpDoes(string region, string edge)
    {
        Environment.SetEnvironmentVariable(TwilioApiEndpoint.BaseUriVariable, null);
        Environment.SetEnvironmentVariable(TwilioApiEndpoint.RegionVariable, null);
        Environment.SetEnvironmentVariable(TwilioApiEndpoint.EdgeVariable, null);
        var request = new Twilio.Http.Request(Twilio.Http.HttpMethod.Get, Domain.Iam, "/v1/Keys", region: region, edge: edge);
        Assert.Equal(request.ConstructUrl().Host, TwilioApiEndpoint.Resolve(null, region, edge, "iam").Host);
    }
}
