// A fake of Twilio's Keys resources, v2010 and IAM v1 (/v1/Keys), for the Pester suites (tests/ApiKeys.*.Tests.ps1).
// Started with --no-iam it is a Twilio whose IAM v1 refuses the credential: /v1/ answers 404 at once, before any
// fault (the faults are for the v2010 API then), and those requests are still recorded.
//
// It listens on 127.0.0.1 on a port the OS picks, prints "LISTENING <url>" on stdout, and exits when its stdin
// closes (the test process that started it ended or let go of it). Behaviour is deterministic: keys live in memory,
// and faults are queued by the test and consumed one request at a time, in order.
//
// Control endpoints (never recorded):
//   POST /_fake/faults    JSON array of Fault (see the class): appended to the queue
//   POST /_fake/keys      {"accountSid": "AC…", "friendlyNames": ["a", …], "sids": ["SK…", …]?, "permissions": ["/twilio/…"]?}:
//                         seeds keys (Restricted ones with permissions), returns them with secrets
//   GET  /_fake/requests  every Twilio request seen: method, path, query, authorization, user, form, times, connection
//   POST /_fake/reset     forgets keys, faults and requests
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Features;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
var app = builder.Build();
var state = new FakeState();
bool iamRefused = args.Contains("--no-iam");
var json = new JsonSerializerOptions(JsonSerializerDefaults.Web)
{
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
};

app.Run(async context =>
{
    HttpRequest request = context.Request;
    string path = request.Path.Value ?? "/";
    if (path.StartsWith("/_fake/", StringComparison.Ordinal))
    {
        await Control(context, path);
        return;
    }

    await state.Record(context);
    if (iamRefused && path.StartsWith("/v1/", StringComparison.Ordinal))
    {
        await TwilioError(context.Response, 404, 20404, $"The requested resource {path} was not found");
        return;
    }

    Fault? fault = state.NextFault(request.Method, path);
    if (fault != null)
    {
        if (fault.DelayMs > 0)
        {
            try { await Task.Delay(fault.DelayMs, context.RequestAborted); } catch (OperationCanceledException) { return; }
        }

        if (fault.EndlessPage)
        {
            // A listing that never ends: one new key a page, each page linking to one more.
            int n = state.NextPage();
            await context.Response.WriteAsJsonAsync(new Dictionary<string, object?>
            {
                ["keys"] = new[] { KeyJson(new FakeKey("", "SK" + n.ToString("x32"), $"endless {n}", DateTime.UtcNow, ""), withSecret: false) },
                ["next_page_uri"] = $"{path}?PageSize=1&Page={n + 1}",
            }, json);
            return;
        }

        if (fault.Process || fault.TruncateAt > 0)
        {
            // Twilio does the work (a key is created or deleted), then its answer is lost or replaced: cut short
            // after TruncateAt bytes, dropped, or replaced by the fault's status.
            Stream original = context.Response.Body;
            var answer = new MemoryStream();
            context.Response.Body = answer;
            await Twilio(context, path);
            context.Response.Body = original;
            if (fault.TruncateAt > 0)
            {
                context.Response.ContentLength = answer.Length;
                await original.WriteAsync(answer.GetBuffer().AsMemory(0, (int)Math.Min(fault.TruncateAt, answer.Length)));
                await original.FlushAsync();
                // Time for the client to read the headers and those bytes: a reset could overtake them.
                await Task.Delay(200);
                context.Abort();
                return;
            }

            context.Response.Clear();
        }

        if (fault.Drop)
        {
            context.Abort();
            return;
        }

        if (fault.Status != 0)
        {
            context.Response.StatusCode = fault.Status;
            foreach (var header in fault.Headers ?? new())
            {
                context.Response.Headers[header.Key] = header.Value;
            }

            context.Response.Headers["Twilio-Request-Id"] = state.NewRequestId();
            if (fault.Body != null)
            {
                context.Response.ContentType = fault.ContentType ?? "application/json";
                await context.Response.WriteAsync(fault.Body);
            }

            // An answer larger than any Twilio page, in chunks (no Content-Length): the client must stop reading.
            var pad = new byte[65536];
            Array.Fill(pad, (byte)' ');
            try
            {
                for (long sent = 0; sent < fault.PadBytes; sent += pad.Length)
                {
                    await context.Response.Body.WriteAsync(pad, context.RequestAborted);
                }
            }
            catch (Exception e) when (e is IOException || e is OperationCanceledException)
            {
                // The client let go, as it should.
            }

            return;
        }
        // A delay-only fault: answer normally, late.
    }

    await Twilio(context, path);
});

await app.StartAsync();
Console.WriteLine("LISTENING " + app.Urls.First());
Console.Out.Flush();
// The test process holds our stdin; when it closes (or the process dies), stop.
await Task.Run(() => { while (Console.In.Read() != -1) { } });
await app.StopAsync(TimeSpan.FromSeconds(2));
return;

async Task Control(HttpContext context, string path)
{
    switch (context.Request.Method, path)
    {
        case ("POST", "/_fake/faults"):
            var faults = await JsonSerializer.DeserializeAsync<List<Fault>>(context.Request.Body, json) ?? new();
            state.AddFaults(faults);
            context.Response.StatusCode = 204;
            break;
        case ("POST", "/_fake/keys"):
            var seed = await JsonSerializer.DeserializeAsync<Seed>(context.Request.Body, json);
            var created = (seed?.FriendlyNames ?? new()).Select((n, i) => state.Keys.Create(seed!.AccountSid, n, seed.Sids?.ElementAtOrDefault(i), seed.Permissions)).ToList();
            await context.Response.WriteAsJsonAsync(created.Select(k => KeyJson(k, withSecret: true)), json);
            break;
        case ("GET", "/_fake/requests"):
            await context.Response.WriteAsJsonAsync(state.Requests(), json);
            break;
        case ("POST", "/_fake/reset"):
            state.Reset();
            context.Response.StatusCode = 204;
            break;
        default:
            context.Response.StatusCode = 404;
            break;
    }
}

async Task Twilio(HttpContext context, string path)
{
    HttpResponse response = context.Response;
    response.Headers["Twilio-Request-Id"] = state.NewRequestId();
    if (!context.Request.Headers.Authorization.ToString().StartsWith("Basic ", StringComparison.Ordinal))
    {
        await TwilioError(response, 401, 20003, "Authenticate");
        return;
    }

    Match list = Regex.Match(path, "^/2010-04-01/Accounts/(AC[0-9a-fA-F]{32})/Keys\\.json$");
    Match one = Regex.Match(path, "^/2010-04-01/Accounts/(AC[0-9a-fA-F]{32})/Keys/(SK[0-9a-fA-F]{32})\\.json$");
    Match iamOne = Regex.Match(path, "^/v1/Keys/(SK[0-9a-fA-F]{32})$");
    string method = context.Request.Method;
    IFormCollection form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync() : FormCollection.Empty;
    if (path == "/v1/Keys" && method == "GET")
    {
        // IAM v1: the account in the query, each key with its flags, and an absolute next_page_url on Twilio's host.
        string account = context.Request.Query["AccountSid"].ToString();
        if (!Regex.IsMatch(account, "^AC[0-9a-fA-F]{32}$"))
        {
            await TwilioError(response, 400, 20001, "Missing required parameter AccountSid in the post body");
            return;
        }

        int pageSize = int.TryParse(context.Request.Query["PageSize"], out int size) ? size : 50;
        int page = int.TryParse(context.Request.Query["Page"], out int p) ? p : 0;
        List<FakeKey> all = state.Keys.List(account);
        string Link(int n) => $"https://iam.twilio.com/v1/Keys?AccountSid={account}&PageSize={pageSize}&Page={n}" + (n > 0 ? $"&PageToken=PA{n}" : "");
        await response.WriteAsJsonAsync(new Dictionary<string, object?>
        {
            ["keys"] = all.Skip(page * pageSize).Take(pageSize).Select(k => IamJson(k, withFlags: true)).ToList(),
            ["meta"] = new Dictionary<string, object?>
            {
                ["page"] = page, ["page_size"] = pageSize, ["first_page_url"] = Link(0), ["url"] = Link(page), ["key"] = "keys",
                ["previous_page_url"] = page > 0 ? Link(page - 1) : null,
                ["next_page_url"] = (page + 1) * pageSize < all.Count ? Link(page + 1) : null,
            },
        }, json);
    }
    else if (path == "/v1/Keys" && method == "POST")
    {
        string account = form["AccountSid"].ToString();
        string[]? allow = null;
        if (!Regex.IsMatch(account, "^AC[0-9a-fA-F]{32}$") || (form["KeyType"] == "restricted" && (allow = Allow(form["Policy"])) == null))
        {
            await TwilioError(response, 400, 20001, "Missing or invalid AccountSid or Policy");
            return;
        }

        FakeKey key = state.Keys.Create(account, form["FriendlyName"].FirstOrDefault(), null, allow);
        response.StatusCode = 201;
        Dictionary<string, object?> map = IamJson(key, withFlags: false);
        map["secret"] = key.Secret;
        await response.WriteAsJsonAsync(map, json);
    }
    else if (iamOne.Success && (method == "GET" || method == "POST" || method == "DELETE"))
    {
        FakeKey? key = state.Keys.Find(null, iamOne.Groups[1].Value);
        string[]? allow = form.ContainsKey("Policy") ? Allow(form["Policy"]) : null;
        if (key == null)
        {
            await TwilioError(response, 404, 20404, $"The requested resource {path} was not found");
        }
        else if (form.ContainsKey("Policy") && allow == null)
        {
            await TwilioError(response, 400, 20001, "Invalid Policy");
        }
        else if (method == "DELETE")
        {
            state.Keys.Delete(key);
            response.StatusCode = 204;
        }
        else
        {
            key.FriendlyName = form.ContainsKey("FriendlyName") ? form["FriendlyName"].ToString() : key.FriendlyName;
            key.Allow = allow ?? key.Allow;
            await response.WriteAsJsonAsync(IamJson(key, withFlags: false), json);
        }
    }
    else if (one.Success && method == "POST")
    {
        FakeKey? key = state.Keys.Find(one.Groups[1].Value, one.Groups[2].Value);
        if (key == null)
        {
            await TwilioError(response, 404, 20404, $"The requested resource {path} was not found");
            return;
        }

        key.FriendlyName = form.ContainsKey("FriendlyName") ? form["FriendlyName"].ToString() : key.FriendlyName;
        await response.WriteAsJsonAsync(KeyJson(key, withSecret: false), json);
    }
    else if (list.Success && method == "GET")
    {
        string account = list.Groups[1].Value;
        int pageSize = int.TryParse(context.Request.Query["PageSize"], out int size) ? size : 50;
        int page = int.TryParse(context.Request.Query["Page"], out int p) ? p : 0;
        List<FakeKey> all = state.Keys.List(account);
        List<FakeKey> items = all.Skip(page * pageSize).Take(pageSize).ToList();
        string Link(int n) => $"/2010-04-01/Accounts/{account}/Keys.json?PageSize={pageSize}&Page={n}" + (n > 0 ? $"&PageToken=PA{n}" : "");
        await response.WriteAsJsonAsync(new Dictionary<string, object?>
        {
            ["keys"] = items.Select(k => KeyJson(k, withSecret: false)).ToList(),
            ["first_page_uri"] = Link(0),
            ["next_page_uri"] = (page + 1) * pageSize < all.Count ? Link(page + 1) : null,
            ["previous_page_uri"] = page > 0 ? Link(page - 1) : null,
            ["uri"] = Link(page),
            ["page"] = page,
            ["page_size"] = pageSize,
            ["start"] = page * pageSize,
            ["end"] = page * pageSize + Math.Max(items.Count - 1, 0),
        }, json);
    }
    else if (list.Success && method == "POST")
    {
        FakeKey key = state.Keys.Create(list.Groups[1].Value, form["FriendlyName"].FirstOrDefault());
        response.StatusCode = 201;
        await response.WriteAsJsonAsync(KeyJson(key, withSecret: true), json);
    }
    else if (one.Success && (method == "GET" || method == "DELETE"))
    {
        FakeKey? key = state.Keys.Find(one.Groups[1].Value, one.Groups[2].Value);
        if (key == null)
        {
            await TwilioError(response, 404, 20404, $"The requested resource {path} was not found");
        }
        else if (method == "DELETE")
        {
            state.Keys.Delete(key);
            response.StatusCode = 204;
        }
        else
        {
            await response.WriteAsJsonAsync(KeyJson(key, withSecret: false), json);
        }
    }
    else
    {
        await TwilioError(response, 404, 20404, $"The requested resource {path} was not found");
    }
}

Task TwilioError(HttpResponse response, int status, int code, string message)
{
    response.StatusCode = status;
    return response.WriteAsJsonAsync(new Dictionary<string, object>
    {
        ["code"] = code,
        ["message"] = message,
        ["more_info"] = $"https://www.twilio.com/docs/errors/{code}",
        ["status"] = status,
    }, json);
}

static Dictionary<string, object?> KeyJson(FakeKey key, bool withSecret)
{
    var map = new Dictionary<string, object?>
    {
        ["sid"] = key.Sid,
        ["friendly_name"] = key.FriendlyName,
        ["date_created"] = key.Created.ToString("ddd, dd MMM yyyy HH:mm:ss +0000", System.Globalization.CultureInfo.InvariantCulture),
        ["date_updated"] = key.Created.ToString("ddd, dd MMM yyyy HH:mm:ss +0000", System.Globalization.CultureInfo.InvariantCulture),
    };
    if (withSecret)
    {
        map["secret"] = key.Secret;
    }

    return map;
}

/// <summary>IAM v1's view of a key: with its policy (null for a Standard key), or in a listing with its flags instead.</summary>
static Dictionary<string, object?> IamJson(FakeKey key, bool withFlags)
{
    Dictionary<string, object?> map = KeyJson(key, withSecret: false);
    if (withFlags)
    {
        map["flags"] = key.Allow != null ? new[] { "restricted", "rest_api", "signing" } : new[] { "rest_api", "signing" };
    }
    else
    {
        map["policy"] = key.Allow != null ? new Dictionary<string, object> { ["allow"] = key.Allow } : null;
    }

    return map;
}

/// <summary>The allow list of a Policy form field, or null when it is not {"allow": [strings]}.</summary>
static string[]? Allow(string? policy)
{
    try
    {
        using JsonDocument document = JsonDocument.Parse(policy ?? "");
        JsonElement allow = document.RootElement.GetProperty("allow");
        return allow.EnumerateArray().Select(a => a.GetString() ?? throw new FormatException()).ToArray();
    }
    catch (Exception e) when (e is JsonException || e is KeyNotFoundException || e is InvalidOperationException || e is FormatException)
    {
        return null;
    }
}

/// <summary>One injected answer. Status 0 answers normally (after DelayMs, if any); Drop closes the connection; Process
/// (with Drop or Status) lets Twilio act before the answer is lost or replaced.</summary>
sealed class Fault
{
    public string? Method { get; set; }

    /// <summary>Only for requests whose path starts with this (/v1/ for IAM v1, /2010-04-01/ for v2010); any when null.</summary>
    public string? Path { get; set; }
    public int Status { get; set; }
    public string? Body { get; set; }
    public string? ContentType { get; set; }
    public Dictionary<string, string>? Headers { get; set; }
    public int DelayMs { get; set; }
    public bool Drop { get; set; }

    /// <summary>Let Twilio act on the request first (create or delete the key), then drop or replace its answer.</summary>
    public bool Process { get; set; }

    /// <summary>Answer as Twilio would, but close the connection after this many bytes of the body.</summary>
    public int TruncateAt { get; set; }

    /// <summary>Spaces written after Body, in chunks without Content-Length.</summary>
    public long PadBytes { get; set; }

    /// <summary>A listing page with one new key and a link to yet another page.</summary>
    public bool EndlessPage { get; set; }
    public int Times { get; set; } = 1;
}

sealed class Seed
{
    public string AccountSid { get; set; } = "";
    public List<string>? FriendlyNames { get; set; }

    /// <summary>Optional SIDs for the seeded keys, by position (for help examples that name a key).</summary>
    public List<string>? Sids { get; set; }

    /// <summary>Seeds Restricted keys with these permissions.</summary>
    public string[]? Permissions { get; set; }
}

sealed class FakeKey(string accountSid, string sid, string? friendlyName, DateTime created, string secret, string[]? allow = null)
{
    public string AccountSid { get; } = accountSid;
    public string Sid { get; } = sid;
    public string? FriendlyName { get; set; } = friendlyName;
    public DateTime Created { get; } = created;
    public string Secret { get; } = secret;

    /// <summary>A Restricted key's permissions; null for a Standard key.</summary>
    public string[]? Allow { get; set; } = allow;
}

sealed class RecordedRequest
{
    public string Method { get; init; } = "";
    public string Path { get; init; } = "";
    public string Query { get; init; } = "";
    public bool HasAuthorization { get; init; }
    public string? AuthScheme { get; init; }
    public string? AuthUser { get; init; }
    public string? ContentType { get; init; }
    public Dictionary<string, string>? Form { get; init; }
    public long AtMs { get; init; }
    public DateTimeOffset AtUtc { get; init; }
    public string ConnectionId { get; init; } = "";
    public string? UserAgent { get; init; }
}

sealed class KeyStore
{
    private readonly List<FakeKey> _keys = new();

    public FakeKey Create(string account, string? friendlyName, string? sid = null, string[]? allow = null)
    {
        var key = new FakeKey(account, sid ?? "SK" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant(), friendlyName,
            DateTime.UtcNow, Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)), allow);
        lock (_keys) _keys.Add(key);
        return key;
    }

    public List<FakeKey> List(string account) { lock (_keys) return _keys.Where(k => k.AccountSid == account).ToList(); }

    public FakeKey? Find(string? account, string sid) { lock (_keys) return _keys.FirstOrDefault(k => (account == null || k.AccountSid == account) && string.Equals(k.Sid, sid, StringComparison.OrdinalIgnoreCase)); }

    public void Delete(FakeKey key) { lock (_keys) _keys.Remove(key); }

    public void Clear() { lock (_keys) _keys.Clear(); }
}

sealed class FakeState
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<Fault> _faults = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private int _requestNumber;
    private int _pageNumber;

    public KeyStore Keys { get; } = new();

    public int NextPage() => Interlocked.Increment(ref _pageNumber);

    public string NewRequestId() => "RQ" + Interlocked.Increment(ref _requestNumber).ToString("x32");

    public void AddFaults(IEnumerable<Fault> faults) { lock (_faults) _faults.AddRange(faults); }

    /// <summary>The first queued fault for this method and path (or for any), used up one request at a time.</summary>
    public Fault? NextFault(string method, string path)
    {
        lock (_faults)
        {
            Fault? fault = _faults.FirstOrDefault(f => (f.Method == null || string.Equals(f.Method, method, StringComparison.OrdinalIgnoreCase)) &&
                                                       (f.Path == null || path.StartsWith(f.Path, StringComparison.Ordinal)));
            if (fault != null && --fault.Times <= 0)
            {
                _faults.Remove(fault);
            }

            return fault;
        }
    }

    public async Task Record(HttpContext context)
    {
        HttpRequest request = context.Request;
        string authorization = request.Headers.Authorization.ToString();
        string? scheme = null, user = null;
        if (authorization.Length > 0)
        {
            string[] parts = authorization.Split(' ', 2);
            scheme = parts[0];
            if (scheme == "Basic" && parts.Length == 2)
            {
                try { user = Encoding.UTF8.GetString(Convert.FromBase64String(parts[1])).Split(':', 2)[0]; } catch (FormatException) { }
            }
        }

        Dictionary<string, string>? form = null;
        if (request.HasFormContentType)
        {
            // Buffered so that the handler can read the form again.
            request.EnableBuffering();
            form = (await request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString());
            request.Body.Position = 0;
        }

        _requests.Enqueue(new RecordedRequest
        {
            Method = request.Method,
            Path = request.Path.Value ?? "",
            Query = request.QueryString.Value ?? "",
            HasAuthorization = authorization.Length > 0,
            AuthScheme = scheme,
            AuthUser = user,
            ContentType = request.ContentType,
            Form = form,
            AtMs = _clock.ElapsedMilliseconds,
            AtUtc = DateTimeOffset.UtcNow,
            ConnectionId = context.Connection.Id,
            UserAgent = request.Headers.UserAgent.ToString(),
        });
    }

    public RecordedRequest[] Requests() => _requests.ToArray();

    public void Reset()
    {
        lock (_faults) _faults.Clear();
        _requests.Clear();
        Keys.Clear();
    }
}
