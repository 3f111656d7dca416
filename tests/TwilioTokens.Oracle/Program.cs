// Mints tokens with twilio-csharp for the test suites: reads a JSON array of cases on stdin, writes a JSON array of
// compact JWTs on stdout, one per case, in order. A case: accountSid, apiKeySid, secret, identity, ttl (seconds),
// nbf (unix seconds), region, grants: [{ kind: voice|video|chat|sync|task_router|player|ip_messaging|rtc, ...fields }].
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Twilio.Jwt.AccessToken;

var cases = JsonDocument.Parse(Console.In.ReadToEnd()).RootElement;
var tokens = new List<string>();
foreach (JsonElement c in cases.EnumerateArray())
{
    var grants = new HashSet<IGrant>();
    if (c.TryGetProperty("grants", out JsonElement grantList))
    {
        foreach (JsonElement g in grantList.EnumerateArray())
        {
            grants.Add(ToGrant(g));
        }
    }

    DateTime? expiration = c.TryGetProperty("ttl", out JsonElement ttl) && ttl.ValueKind == JsonValueKind.Number
        ? DateTime.UtcNow.AddSeconds(ttl.GetInt32()) : null;
    DateTime? nbf = c.TryGetProperty("nbf", out JsonElement n) && n.ValueKind == JsonValueKind.Number
        ? DateTimeOffset.FromUnixTimeSeconds(n.GetInt64()).UtcDateTime : null;
    var token = new Token(Str(c, "accountSid"), Str(c, "apiKeySid"), Str(c, "secret"), Str(c, "identity"),
        expiration, nbf, grants.Count > 0 ? grants : null, Str(c, "region"));
    tokens.Add(token.ToJwt());
}

Console.Out.Write(JsonSerializer.Serialize(tokens));

static string Str(JsonElement e, string name) =>
    e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

static IGrant ToGrant(JsonElement g)
{
    switch (Str(g, "kind"))
    {
        case "voice":
            var voice = new VoiceGrant
            {
                IncomingAllow = g.TryGetProperty("incomingAllow", out JsonElement allow) && allow.GetBoolean(),
                OutgoingApplicationSid = Str(g, "outgoingApplicationSid"),
                PushCredentialSid = Str(g, "pushCredentialSid"),
                EndpointId = Str(g, "endpointId"),
            };
            if (g.TryGetProperty("outgoingApplicationParams", out JsonElement p) && p.ValueKind == JsonValueKind.Object)
            {
                voice.OutgoingApplicationParams = p.EnumerateObject().ToDictionary(x => x.Name, x => x.Value.GetString());
            }
            return voice;
        case "video":
            return new VideoGrant { Room = Str(g, "room") };
        case "chat":
            return new ChatGrant
            {
                ServiceSid = Str(g, "serviceSid"), EndpointId = Str(g, "endpointId"),
                DeploymentRoleSid = Str(g, "deploymentRoleSid"), PushCredentialSid = Str(g, "pushCredentialSid"),
            };
        case "sync":
            return new SyncGrant { ServiceSid = Str(g, "serviceSid"), EndpointId = Str(g, "endpointId") };
        case "task_router":
            return new TaskRouterGrant { WorkspaceSid = Str(g, "workspaceSid"), WorkerSid = Str(g, "workerSid"), Role = Str(g, "role") };
#pragma warning disable CS0618 // the deprecated grants are here on purpose: decoding must still recognise them
        case "ip_messaging":
            return new IpMessagingGrant
            {
                ServiceSid = Str(g, "serviceSid"), EndpointId = Str(g, "endpointId"),
                DeploymentRoleSid = Str(g, "deploymentRoleSid"), PushCredentialSid = Str(g, "pushCredentialSid"),
            };
        case "rtc":
            return new ConversationsGrant { ConfigurationProfileSid = Str(g, "configurationProfileSid") };
#pragma warning restore CS0618
        case "player":
            return new PlaybackGrant { Grant = JsonSerializer.Deserialize<Dictionary<string, object>>(g.GetProperty("grant").GetRawText()) };
        default:
            throw new ArgumentException("Unknown grant kind " + Str(g, "kind"));
    }
}
