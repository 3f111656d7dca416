// Mints `count` Voice tokens with twilio-csharp (Twilio 8.2.0) in a plain loop, after `warmup` untimed ones, and
// prints the milliseconds the timed loop took. The same work as the PowerShell side of the bulk measurement: one
// token per identity, the grants built once, every token kept.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using Twilio.Jwt.AccessToken;

int count = args.Length > 0 ? int.Parse(args[0]) : 50_000;
int warmup = args.Length > 1 ? int.Parse(args[1]) : 1_000;

const string accountSid = "AC00000000000000000000000000000001";
const string apiKeySid = "SK00000000000000000000000000000001";
const string secret = "fake-secret-do-not-use-0123456789";
var grants = new HashSet<IGrant> { new VoiceGrant { IncomingAllow = true, OutgoingApplicationSid = "APabababababababababababababababab" } };

string[] identities = new string[count];
for (int i = 0; i < count; i++) identities[i] = "user" + i;

string[] tokens = new string[count];
for (int i = 0; i < warmup; i++)
{
    tokens[i % count] = new Token(accountSid, apiKeySid, secret, identities[i % count], DateTime.UtcNow.AddSeconds(3600), grants: grants).ToJwt();
}

var watch = Stopwatch.StartNew();
for (int i = 0; i < count; i++)
{
    tokens[i] = new Token(accountSid, apiKeySid, secret, identities[i], DateTime.UtcNow.AddSeconds(3600), grants: grants).ToJwt();
}

watch.Stop();
Console.WriteLine(watch.Elapsed.TotalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
