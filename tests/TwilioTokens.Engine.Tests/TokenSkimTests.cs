using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using TwilioTokens.Internal;
using Xunit;

namespace TwilioTokens.Engine.Tests;

/// <summary>
/// ConvertFrom- and Test-TwilioAccessToken read most tokens of a run through AccessTokenSkimmer, which builds no JSON
/// objects and takes the grants' diagnosis from the run's earlier tokens (TokenDecoder.Read). Whatever it reads must
/// come out exactly as the full path reads the same token alone (TokenDecoder.Decode of a parse without sharing): every
/// property, every problem, the signature's status, or the same error. These tests read runs of minted, hand-written
/// and mutated tokens both ways, and check that the skimmer really reads the tokens it is meant for.
/// </summary>
public class TokenSkimTests
{
    private const string Secret = "fake-secret-do-not-use-0123456789";
    private const string Account = "AC00000000000000000000000000000001";
    private const string Key = "SK00000000000000000000000000000001";
    private static readonly DateTime Now = new DateTime(2026, 11, 28, 9, 0, 0, DateTimeKind.Utc);
    private static readonly long NowSeconds = new DateTimeOffset(Now).ToUnixTimeSeconds();
    private static readonly string s_header = "{\"alg\":\"HS256\",\"cty\":\"twilio-fpa;v=1\",\"typ\":\"JWT\"}";

    private readonly TokenEngine _engine = new();

    private static string B64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>A compact JWS of exactly these texts, signed with <see cref="Secret"/>.</summary>
    private static string Sign(string payloadJson, string headerJson = null)
    {
        string input = B64Url(Encoding.UTF8.GetBytes(headerJson ?? s_header)) + "." + B64Url(Encoding.UTF8.GetBytes(payloadJson));
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(Secret));
        return input + "." + B64Url(hmac.ComputeHash(Encoding.ASCII.GetBytes(input)));
    }

    private static string Payload(string identity, string grantsTail = ",\"voice\":{\"incoming\":{\"allow\":true}}}",
        long iat = 0, long exp = 0, string jti = "SK00000000000000000000000000000001-0123456789abcdef0123456789abcdef") =>
        $"{{\"jti\":\"{jti}\",\"iss\":\"{Key}\",\"sub\":\"{Account}\",\"iat\":{(iat == 0 ? NowSeconds - 60 : iat)}," +
        $"\"exp\":{(exp == 0 ? NowSeconds + 3540 : exp)},\"grants\":{{\"identity\":\"{identity}\"{grantsTail}}}";

    /// <summary>The token read alone by the full path: the decoded token, or the exception.</summary>
    private object Alone(string token, ISigningKey key, string expectedKey)
    {
        try
        {
            return TokenDecoder.Decode(_engine.Parse(token), key, expectedKey, Now);
        }
        catch (Exception e) when (e is TokenFormatException || e is TokenClaimException)
        {
            return e;
        }
    }

    /// <summary>The token read as the cmdlets read it, in a run sharing <paramref name="repeated"/>.</summary>
    private object InRun(string token, RepeatedValues repeated, ISigningKey key, string expectedKey, out SkimStatus how)
    {
        how = SkimStatus.NotRead;
        try
        {
            return TokenDecoder.Read(_engine, token, repeated, key, expectedKey, Now, out how);
        }
        catch (Exception e) when (e is TokenFormatException || e is TokenClaimException)
        {
            return e;
        }
    }

    private static readonly System.Reflection.FieldInfo s_text =
        typeof(DecodedAccessToken).GetField("_token", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance);

    private static readonly System.Reflection.FieldInfo s_content =
        typeof(DecodedAccessToken).GetField("_content", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance);

    private static string Text(DecodedAccessToken decoded) => (string)s_text.GetValue(decoded);

    /// <summary>Everything a script can read from the result, as text.</summary>
    private static string Describe(object result)
    {
        if (result is Exception e)
        {
            return e.GetType().Name + ": " + e.Message + (e is TokenFormatException f ? " " + f.Error : "");
        }

        var d = (DecodedAccessToken)result;
        var text = new StringBuilder();
        // Id, Grants, Header and Claims are read again from the token's own text when first asked for, by the same code
        // whichever way it was decoded (through the module's engine, which these tests do not load: Pester compares them).
        text.Append($"text={Text(d)}|identity={d.Identity}|iss={d.ApiKeySid}|sub={d.AccountSid}|region={d.Region}|");
        text.Append($"iat={d.IssuedAt:o}|nbf={d.NotBefore:o}|exp={d.ExpiresAt:o}|in={d.ExpiresIn}|expired={d.IsExpired}|");
        text.Append($"signature={d.SignatureStatus}|masked={d.IsIdentityMasked}|");
        foreach (TokenProblem p in d.Problems) text.Append($"problem={p.Code}:{p.Message}:{p.Hint}|");
        return text.ToString();
    }

    /// <summary>Reads <paramref name="tokens"/> in one run and each alone, both unverified and verified; asserts the
    /// same results, and returns how many the skimmer read.</summary>
    private int AssertRunReadsAsAlone(IEnumerable<string> tokens)
    {
        int skimmed = 0;
        using ISigningKey key = _engine.CreateSigningKey(Encoding.UTF8.GetBytes(Secret));
        foreach ((ISigningKey k, string expected) in new[] { ((ISigningKey)null, (string)null), (key, Key) })
        {
            var repeated = new RepeatedValues();
            int index = 0;
            foreach (string token in tokens)
            {
                object run = InRun(token, repeated, k, expected, out SkimStatus how);
                if (how == SkimStatus.Read) skimmed++;
                Assert.True(Describe(Alone(token, k, expected)) == Describe(run),
                    $"token {index} ({how}, {(k == null ? "unverified" : "verified")}) read differently in a run:\n{token}\nalone: {Describe(Alone(token, k, expected))}\nrun:   {Describe(run)}");
                index++;
            }
        }

        return skimmed;
    }

    [Fact]
    public void MintedRunsAreSkimmedAfterTheirFirstTokensAndReadAsAlone()
    {
        var minter = new TokenMinter(_engine.CreateSigningKey(Encoding.UTF8.GetBytes(Secret)), Account, Key, 3600, null, null);
        var voice = new GrantSet(new TwilioGrant[] { new VoiceGrant { IncomingAllow = true, OutgoingApplicationSid = "AP00000000000000000000000000000001" } });
        string[] tokens = Enumerable.Range(0, 50).Select(i => minter.Mint("user" + i, voice).Jwt).ToArray();

        // The first token is read in full (its header is new), the second too (its grants are new); the rest are skimmed.
        var repeated = new RepeatedValues();
        SkimStatus[] hows = tokens.Select(t => { TokenDecoder.Read(_engine, t, repeated, null, null, Now, out SkimStatus how); return how; }).ToArray();
        Assert.Equal(SkimStatus.NotRead, hows[0]);
        Assert.Equal(SkimStatus.GrantsUnknown, hows[1]);
        Assert.All(hows.Skip(2), how => Assert.Equal(SkimStatus.Read, how));

        Assert.Equal(2 * 48, AssertRunReadsAsAlone(tokens));
    }

    [Fact]
    public void EveryKindOfGrantProblemAndIdentityIsDiagnosedAsAlone()
    {
        // Grants with problems of their own (cached with them) and identities that some grants refuse (checked per token).
        string[] tails =
        {
            ",\"voice\":{\"incoming\":{\"allow\":true}}}",
            ",\"voice\":{\"outgoing\":{\"application_sid\":\"AP00000000000000000000000000000001\",\"params\":{\"a\":\"b\"}}}}",
            ",\"video\":{\"room\":\"a}b{c]\"}}",
            ",\"chat\":{\"service_sid\":\"IS00000000000000000000000000000001\"},\"data_sync\":{\"service_sid\":\"IS00000000000000000000000000000002\"}}",
            ",\"ip_messaging\":{\"service_sid\":\"IS00000000000000000000000000000001\"}}",
            ",\"rtc\":{\"configuration_profile_sid\":\"VS00000000000000000000000000000001\"}}",
            ",\"surprise\":{\"x\":[1,{\"y\":[]},\"]\"]}}",
            ",\"voice\":\"not an object\"}",
            ",\"voice\":{\"incoming\":{\"allow\":\"yes\"}}}",
            ",\"task_router\":{\"workspace_sid\":\"WS00000000000000000000000000000001\",\"worker_sid\":\"WK00000000000000000000000000000001\",\"role\":\"worker\"}}",
            ",\"player\":{\"grant\":{\"requestCredentials\":null,\"playbackUrl\":\"https://example.com\"}}}",
            "}",
        };
        string[] identities = { "alice", "bob_2", "has-dash", "with space", "", new string('x', 130), "é" };
        var tokens = new List<string>();
        foreach (string tail in tails)
        {
            foreach (string identity in identities)
            {
                // Non-ASCII identities are escaped JSON here (\u00e9), which only the full path reads.
                string json = identity == "é" ? "\\u00e9" : identity;
                tokens.Add(Sign(Payload(json, tail)));
                tokens.Add(Sign(Payload(json + "2", tail)));
            }
        }

        Assert.True(AssertRunReadsAsAlone(tokens) > tails.Length * identities.Length);
    }

    [Fact]
    public void TimesAndSidsOfEveryKindAreDiagnosedAsAlone()
    {
        var tokens = new List<string>();
        long[] iats = { NowSeconds - 60, NowSeconds + 600, 0, 1 };
        long[] exps = { NowSeconds + 60, NowSeconds - 1, NowSeconds, NowSeconds + 90000, 253402300799 };
        foreach (long iat in iats)
        {
            foreach (long exp in exps)
            {
                tokens.Add(Sign(Payload("alice", iat: iat == 0 ? 1 : iat, exp: exp)));
                tokens.Add(Sign(Payload("bob", iat: iat == 0 ? 1 : iat, exp: exp)));
            }
        }

        string tail = ",\"voice\":{\"incoming\":{\"allow\":true}}}";
        tokens.Add(Sign($"{{\"jti\":\"x\",\"iss\":\"AC00000000000000000000000000000009\",\"sub\":\"SK00000000000000000000000000000009\",\"exp\":{NowSeconds + 60},\"grants\":{{\"identity\":\"a\"{tail}}}"));
        tokens.Add(Sign($"{{\"jti\":\"x\",\"iss\":\"SK00000000000000000000000000000002\",\"sub\":\"AC1\",\"nbf\":{NowSeconds + 30},\"exp\":{NowSeconds + 60},\"grants\":{{\"identity\":\"a\"{tail}}}"));
        tokens.Add(Sign($"{{\"grants\":{{\"identity\":\"a\"{tail},\"exp\":{NowSeconds + 60}}}"));
        tokens.Add(Sign($"{{\"grants\":{{\"identity\":\"a\"{tail}}}"));
        tokens.Add(Sign($"{{\"nbf\":0,\"iat\":0,\"exp\":{NowSeconds + 60},\"sub\":\"{Account}\",\"iss\":\"{Key}\",\"jti\":\"\",\"grants\":{{\"identity\":\"a\"{tail}}}"));
        Assert.True(AssertRunReadsAsAlone(tokens) > 20);
    }

    [Fact]
    public void TokensOutsideTheCommonShapeAreLeftToTheFullPath()
    {
        string tail = ",\"voice\":{\"incoming\":{\"allow\":true}}}";
        string good = Sign(Payload("alice", tail));
        string[] odd =
        {
            Payload("alice", tail).Replace("\"iss\"", "\"foo\":1,\"iss\""),                           // an unknown claim
            Payload("alice", tail).Replace("\"iss\"", "\"iss\":\"SK1\",\"iss\""),                     // a repeated claim
            Payload("alice", tail).Replace("\"grants\"", "\"grants\":{\"identity\":\"eve\"},\"grants\""), // grants twice
            Payload("alice", tail + "").Replace("}}}", "},\"identity\":\"eve\"}}"),                 // identity twice
            Payload("alice", tail).Replace("\"identity\":\"alice\",", "").Replace("}}}", "},\"identity\":\"alice\"}}"), // identity last
            Payload("alice", tail).Replace(",\"iss\"", ", \"iss\""),                                  // whitespace
            Payload("al\\u0069ce", tail),                                                             // an escape
            Payload("alice", tail).Replace("\"iss\"", "\"i\\u0073s\""),                               // an escaped name
            Payload("alice", tail).Replace($"\"iat\":{NowSeconds - 60}", $"\"iat\":{NowSeconds - 60}.5"),
            Payload("alice", tail).Replace($"\"iat\":{NowSeconds - 60}", "\"iat\":-5"),
            Payload("alice", tail).Replace($"\"iat\":{NowSeconds - 60}", "\"iat\":253402300800"),
            Payload("alice", tail).Replace($"\"iat\":{NowSeconds - 60}", "\"iat\":01"),
            Payload("alice", tail).Replace($"\"iat\":{NowSeconds - 60}", "\"iat\":null"),
            Payload("alice", tail).Replace($"\"iat\":{NowSeconds - 60}", "\"iat\":\"1\""),
            Payload("alice", tail).Replace("\"jti\":\"SK", "\"jti\":5,\"x\":\"SK"),
            Payload("alice", tail).Replace("\"iss\":\"SK", "\"iss\":[\"SK").Replace("01\",\"sub", "01\"],\"sub"),
            Payload("alice", tail).Replace("\"identity\":\"alice\"", "\"identity\":7"),
            Payload("alice", tail).Replace("\"identity\":\"alice\"", "\"identity\":null"),
            Payload("alice", tail).Replace("\"grants\":{", "\"grants\":[{").Replace("}}}", "}}]}"),
            Payload("alice", tail.Replace("incoming", "in\\\"coming")),
            Payload("alice", tail) + " ",
            Payload("alice", tail) + "}",
            Payload("alice", tail).TrimEnd('}'),
            Payload("alice", ",\"chat\":{\"identity\":\"x\"}}"),                                    // a grant with an identity of its own
        };

        var tokens = new List<string> { good, good };
        foreach (string payload in odd)
        {
            // Twice: the second would be skimmed if the first had left its grants remembered.
            tokens.Add(Sign(payload));
            tokens.Add(Sign(payload.Replace("alice", "carol")));
            tokens.Add(good);
        }

        // Tokens that are not JWTs, or whose header or signature is not what the run has seen.
        string[] parts = good.Split('.');
        tokens.AddRange(new[]
        {
            parts[0] + "." + parts[1] + "." + parts[2].Substring(1), good,
            parts[0] + "." + parts[1] + "." + parts[2] + "A", good,
            parts[0] + "." + parts[1] + "." + parts[2].Replace(parts[2][5], '*'), good,
            parts[0] + "." + parts[1].Substring(0, 10) + "*" + parts[1].Substring(11) + "." + parts[2], good,
            parts[0] + "." + parts[1] + "." + parts[2] + ".x", good,
            parts[0] + "." + parts[1], good,
            parts[0] + "." + parts[1].Substring(1) + "." + parts[2], good,
            Sign(Payload("alice", tail), "{\"alg\":\"HS256\",\"cty\":\"twilio-fpa;v=1\",\"typ\":\"JWT\",\"twr\":\"ie1\"}"), good,
            Sign(Payload("alice", tail), "{\"alg\":\"HS256\",\"cty\":\"twilio-fpa;v=1\",\"typ\":\"JWT\",\"twr\":5}"),
            Sign(Payload("bob", tail), "{\"alg\":\"HS256\",\"cty\":\"twilio-fpa;v=1\",\"typ\":\"JWT\",\"twr\":5}"), good,
            Sign(Payload("alice", tail), "{\"alg\":\"none\",\"typ\":\"JWT\"}"),
            Sign(Payload("bob", tail), "{\"alg\":\"none\",\"typ\":\"JWT\"}"), good,
        });

        // Escaped quotes before braces: grants whose end only a reader of escapes finds.
        tokens.Add(Sign(Payload("alice", ",\"video\":{\"room\":\"\\\"}}\"}}")));
        tokens.Add(Sign(Payload("bob", ",\"video\":{\"room\":\"\\\"}},\"nbf\":5")));

        AssertRunReadsAsAlone(tokens);

        // None of the odd payloads is skimmed, however often the run has seen the good token's header and grants.
        var repeated = new RepeatedValues();
        TokenDecoder.Read(_engine, good, repeated, null, null, Now, out _);
        TokenDecoder.Read(_engine, good, repeated, null, null, Now, out _);
        foreach (string payload in odd)
        {
            InRun(Sign(payload), repeated, null, null, out SkimStatus how);
            Assert.True(how != SkimStatus.Read, "skimmed: " + payload);
            InRun(good, repeated, null, null, out how);
            Assert.Equal(SkimStatus.Read, how);
        }
    }

    [Fact]
    public void MutatedTokensReadInRunsAsAlone()
    {
        // Thousands of payloads one or two bytes away from a minted one, each between two tokens the skimmer reads.
        string tail = ",\"voice\":{\"incoming\":{\"allow\":true},\"outgoing\":{\"application_sid\":\"AP00000000000000000000000000000001\"}}}";
        string payload = Payload("alice", tail);
        string good = Sign(payload);
        const string alphabet = "{}[]\",:\\ 0159-.eatrunlsi\u00e9x";
        var random = new Random(20261128);
        var tokens = new List<string> { good, good };
        for (int i = 0; i < 3000; i++)
        {
            var text = new StringBuilder(payload);
            for (int edits = 1 + random.Next(2); edits > 0; edits--)
            {
                int at = random.Next(text.Length);
                switch (random.Next(3))
                {
                    case 0: text[at] = alphabet[random.Next(alphabet.Length)]; break;
                    case 1: text.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                    default: text.Remove(at, 1); break;
                }
            }

            // Twice, the second with another identity: skimmed when the first left its grants remembered.
            tokens.Add(Sign(text.ToString()));
            tokens.Add(Sign(text.ToString().Replace("alice", "bob")));
            tokens.Add(good);
        }

        Assert.True(AssertRunReadsAsAlone(tokens) >= 2 * 3000);
    }

    [Fact]
    public void RememberedGrantsAreNeverTheOnesAScriptGets()
    {
        // A skimmed token holds no grants: a script reading them gets its own, read from the token's text (the lazy
        // read of DecodedAccessToken, as for every decoded token), never the run's remembered ones.
        string token = Sign(Payload("alice"));
        var repeated = new RepeatedValues();
        TokenDecoder.Read(_engine, token, repeated, null, null, Now, out _);
        TokenDecoder.Read(_engine, token, repeated, null, null, Now, out _);
        DecodedAccessToken decoded = TokenDecoder.Read(_engine, token, repeated, null, null, Now, out SkimStatus how);
        Assert.Equal(SkimStatus.Read, how);
        Assert.NotNull(repeated.KnownGrants);
        Assert.Null(s_content.GetValue(decoded));
        Assert.Same(token, Text(decoded));
    }
}
