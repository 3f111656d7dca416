using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TwilioTokens.Internal;
using Xunit;

namespace TwilioTokens.Engine.Tests;

/// <summary>The engine writes tokens itself (CompactJwsWriter) instead of through JsonWebTokenHandler.CreateToken; the
/// wire format must not change. HS256 is deterministic, so the handler's token for the same claims is the oracle,
/// byte for byte.</summary>
public class TokenWriterTests
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("fake-secret-do-not-use-0123456789");

    private static string HandlerToken(IDictionary<string, object> header, IDictionary<string, object> payload) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Secret), SecurityAlgorithms.HmacSha256),
            TokenType = "JWT",
            AdditionalHeaderClaims = header,
            Claims = payload,
        });

    /// <summary>The writer alone (null when it leaves the claims to the handler), so that a test cannot pass through the
    /// handler fallback without saying so.</summary>
    private static string WriterToken(IDictionary<string, object> header, IDictionary<string, object> payload)
    {
        using var hmac = new System.Security.Cryptography.HMACSHA256(Secret);
        return new CompactJwsWriter().TryWrite(header, payload, hmac.ComputeHash);
    }

    /// <summary>An access token signed by <paramref name="key"/> and its text written again from what an AccessToken
    /// keeps: the writer returned and the MAC.</summary>
    private static string SignedText(ISigningKey key, AccessTokenClaims claims) =>
        key.SignAccessToken(claims, out TokenMac mac).Write(claims.Identity, claims.IdHigh, claims.IdLow, claims.IssuedAt, claims.ExpiresAt, mac);

    private static Dictionary<string, object> Header(string region)
    {
        var header = new Dictionary<string, object> { ["cty"] = "twilio-fpa;v=1" };
        if (region != null) header["twr"] = region;
        return header;
    }

    private static Dictionary<string, object> TwilioPayload(string identity, bool notBefore, object voice) => new()
    {
        ["jti"] = "SK00000000000000000000000000000001-0123456789abcdef0123456789abcdef",
        ["iss"] = "SK00000000000000000000000000000001",
        ["sub"] = "AC00000000000000000000000000000001",
        ["iat"] = 1795810113L,
        ["nbf"] = notBefore ? 1795810000L : null,
        ["exp"] = 1795813713L,
        ["grants"] = voice == null
            ? new Dictionary<string, object> { ["identity"] = identity }
            : new Dictionary<string, object> { ["identity"] = identity, ["voice"] = voice },
    };

    public static IEnumerable<object[]> Identities() => new[]
    {
        "alice", "al+ice<é>&'\"", "back\\slash/and\"quote", "emoji 😀 and € and 中文", "tab\tnew\nline\u0001\u007f",
        "line\u2028separator", "", new string('x', 2000), PrintableAscii, "lone \ud800 surrogate",
    }.Select(i => new object[] { i });

    /// <summary>Every printable ASCII character: the writer copies these itself, except those it must escape.</summary>
    private static readonly string PrintableAscii = new string(Enumerable.Range(0x20, 0x7F - 0x20).Select(c => (char)c).ToArray());

    [Theory]
    [MemberData(nameof(Identities))]
    public void WritesTheSameBytesAsJsonWebTokenHandler(string identity)
    {
        using ISigningKey key = new TokenEngine().CreateSigningKey(Secret);
        var voice = new Dictionary<string, object>
        {
            ["incoming"] = new Dictionary<string, object> { ["allow"] = true },
            ["outgoing"] = new Dictionary<string, object>
            {
                ["application_sid"] = "APabababababababababababababababab",
                ["params"] = new Dictionary<string, object> { ["to"] = identity, ["n"] = "42" },
            },
            ["push_credential_sid"] = "CRcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd",
        };
        foreach (string region in new[] { null, "ie1" })
        {
            foreach (bool notBefore in new[] { false, true })
            {
                Dictionary<string, object> payload = TwilioPayload(identity, notBefore, voice);
                if (!notBefore) payload.Remove("nbf");
                string expected = HandlerToken(Header(region), payload);
                Assert.Equal(expected, WriterToken(Header(region), payload));
                Assert.Equal(expected, key.CreateToken(Header(region), payload));
            }
        }
    }

    private static AccessTokenClaims Claims(string identity, string region, long? notBefore, KeyValuePair<string, object>[] grants) => new()
    {
        ExtraHeader = Header(region),
        IdHigh = 0x0123456789abcdef,
        IdLow = 0x0123456789abcdef,
        Issuer = "SK00000000000000000000000000000001",
        Subject = "AC00000000000000000000000000000001",
        IssuedAt = 1795810113L,
        NotBefore = notBefore,
        ExpiresAt = 1795813713L,
        Identity = identity,
        Grants = grants,
    };

    private static KeyValuePair<string, object>[] EveryKindOfGrant(string identity) => new[]
    {
        new KeyValuePair<string, object>("voice", new Dictionary<string, object>
        {
            ["incoming"] = new Dictionary<string, object> { ["allow"] = true },
            ["outgoing"] = new Dictionary<string, object>
            {
                ["application_sid"] = "APabababababababababababababababab",
                ["params"] = new Dictionary<string, object> { ["to"] = identity, ["n"] = "42" },
            },
        }),
        new KeyValuePair<string, object>("video", new Dictionary<string, object> { ["room"] = "daily standup" }),
        new KeyValuePair<string, object>("data_sync", new Dictionary<string, object> { ["service_sid"] = "IS00000000000000000000000000000001" }),
        new KeyValuePair<string, object>("player", new Dictionary<string, object>
        {
            ["playbackUrl"] = "https://example.com/é",
            ["list"] = new List<object> { 1L, "two", false },
        }),
    };

    [Theory]
    [MemberData(nameof(Identities))]
    public void WritesAccessTokensAsTheHandlerWritesTheSameClaims(string identity)
    {
        using ISigningKey key = new TokenEngine().CreateSigningKey(Secret);
        KeyValuePair<string, object>[] grants = EveryKindOfGrant(identity);
        foreach (string region in new[] { null, "ie1" })
        {
            foreach (long? notBefore in new long?[] { null, 1795810000L })
            {
                AccessTokenClaims claims = Claims(identity, region, notBefore, grants);
                Assert.Equal(HandlerToken(claims.ExtraHeader, claims.ToPayload()), SignedText(key, claims));
            }
        }
    }

    [Fact]
    public void WritesTheTokenIdFromItsNumbersAsTheTextWouldBeWritten()
    {
        using ISigningKey key = new TokenEngine().CreateSigningKey(Secret);
        var random = new Random(11);
        var ids = new List<(ulong, ulong)> { (0, 0), (ulong.MaxValue, ulong.MaxValue), (0xfedcba9876543210, 0x0f0f0f0f0f0f0f0f) };
        for (int i = 0; i < 50; i++) ids.Add(((ulong)random.NextInt64() * 3, (ulong)random.NextInt64() * 5));
        foreach (string issuer in new[] { "SK00000000000000000000000000000001", "SKffffffffffffffffffffffffffffffff", "key \"quoted\" é", "" })
        {
            foreach ((ulong high, ulong low) in ids)
            {
                AccessTokenClaims claims = Claims("dave", null, null, EveryKindOfGrant("dave"));
                claims.Issuer = issuer;
                claims.IdHigh = high;
                claims.IdLow = low;
                Assert.Equal($"{issuer}-{high:x16}{low:x16}", claims.Id);
                Assert.Equal(HandlerToken(claims.ExtraHeader, claims.ToPayload()), SignedText(key, claims));
            }
        }
    }

    [Fact]
    public void WritesAccessTokensWithoutGrantsOrIdentity()
    {
        using ISigningKey key = new TokenEngine().CreateSigningKey(Secret);
        foreach (AccessTokenClaims claims in new[]
                 {
                     Claims("alice", null, null, new KeyValuePair<string, object>[0]),
                     Claims(null, null, null, EveryKindOfGrant("x")),
                     Claims(null, "au1", null, null),
                 })
        {
            Assert.Equal(HandlerToken(claims.ExtraHeader, claims.ToPayload()), SignedText(key, claims));
        }
    }

    [Fact]
    public void SerialisesTheGrantsAgainWhenAnotherArrayComes()
    {
        using ISigningKey key = new TokenEngine().CreateSigningKey(Secret);
        KeyValuePair<string, object>[] first = EveryKindOfGrant("a");
        KeyValuePair<string, object>[] second = { new("video", new Dictionary<string, object> { ["room"] = "other" }) };
        foreach (KeyValuePair<string, object>[] grants in new[] { first, first, second, first, second })
        {
            AccessTokenClaims claims = Claims("bob", null, null, grants);
            Assert.Equal(HandlerToken(claims.ExtraHeader, claims.ToPayload()), SignedText(key, claims));
        }
    }

    [Fact]
    public void LeavesGrantValuesItDoesNotWriteToTheHandler()
    {
        using ISigningKey key = new TokenEngine().CreateSigningKey(Secret);
        KeyValuePair<string, object>[] grants = { new("player", new Dictionary<string, object> { ["ratio"] = 1.5, ["none"] = null }) };
        AccessTokenClaims claims = Claims("carol", "ie1", 1795810000L, grants);
        Assert.Equal(HandlerToken(claims.ExtraHeader, claims.ToPayload()), SignedText(key, claims));
    }

    [Fact]
    public void WritesListsIntegersAndEmptyObjectsAsTheHandlerDoes()
    {
        using ISigningKey key = new TokenEngine().CreateSigningKey(Secret);
        var payload = new Dictionary<string, object>
        {
            ["int"] = 7,
            ["long"] = long.MinValue,
            ["negative"] = -1L,
            ["zero"] = 0L,
            ["max"] = long.MaxValue,
            ["int max"] = int.MaxValue,
            ["int min"] = int.MinValue,
            ["false"] = false,
            ["strings"] = new[] { "a", "b" },
            ["empty"] = new Dictionary<string, object>(),
            ["list"] = new List<object> { "a", 1L, true, new Dictionary<string, object> { ["k"] = "v" }, new List<object>() },
        };
        Assert.Equal(HandlerToken(Header(null), payload), WriterToken(Header(null), payload));
        Assert.Equal(HandlerToken(Header(null), payload), key.CreateToken(Header(null), payload));
        Assert.Equal(HandlerToken(null, payload), WriterToken(null, payload));
    }

    [Fact]
    public void WritesIntegersOfEveryLengthAsTheHandlerDoes()
    {
        using ISigningKey key = new TokenEngine().CreateSigningKey(Secret);
        var numbers = new List<object> { 0L, 1L, 9L, 10L, 11L, 99L, 100L, 101L, 1795810113L, long.MaxValue, long.MaxValue - 1 };
        for (long power = 10; power <= 1_000_000_000_000_000_000L; power *= 10)
        {
            numbers.Add(power - 1);
            numbers.Add(power);
            numbers.Add(power + 7);
        }

        var payload = new Dictionary<string, object> { ["numbers"] = numbers };
        Assert.Equal(HandlerToken(Header(null), payload), WriterToken(Header(null), payload));
        Assert.Equal(HandlerToken(Header(null), payload), key.CreateToken(Header(null), payload));
    }

    [Fact]
    public void LeavesOtherValuesToTheHandler()
    {
        using ISigningKey key = new TokenEngine().CreateSigningKey(Secret);
        foreach (object value in new object[] { 1.5, null, 2.25m, DateTime.UtcNow, new[] { 1, 2 } })
        {
            var payload = new Dictionary<string, object> { ["s"] = "x", ["v"] = value };
            Assert.Null(WriterToken(Header("au1"), payload));
            Assert.Equal(HandlerToken(Header("au1"), payload), key.CreateToken(Header("au1"), payload));
        }

        var reservedHeader = new Dictionary<string, object> { ["typ"] = "other" };
        Assert.Null(WriterToken(reservedHeader, new Dictionary<string, object>()));
    }

    [Fact]
    public void WritesTheHeaderAgainWhenTheExtraClaimsChange()
    {
        using ISigningKey key = new TokenEngine().CreateSigningKey(Secret);
        using var hmac = new System.Security.Cryptography.HMACSHA256(Secret);
        var writer = new CompactJwsWriter();
        var payload = new Dictionary<string, object> { ["a"] = "b" };
        foreach (Dictionary<string, object> header in new[]
                 {
                     Header(null), Header("ie1"), Header("au1"), Header(null),
                     new Dictionary<string, object> { ["twr"] = "ie1", ["cty"] = "twilio-fpa;v=1" },
                     new Dictionary<string, object>(),
                 })
        {
            Assert.Equal(HandlerToken(header, payload), writer.TryWrite(header, payload, hmac.ComputeHash));
            Assert.Equal(HandlerToken(header, payload), key.CreateToken(header, payload));
        }
    }

    [Fact]
    public void WritesHeaderClaimsThatNeedEscapingAsTheHandlerDoes()
    {
        using ISigningKey key = new TokenEngine().CreateSigningKey(Secret);
        var payload = new Dictionary<string, object> { ["a"] = "b" };
        foreach (string text in new[] { "quote\"d", "back\\slash", "é", "emoji 😀", "tab\t", "<html>&'", "" })
        {
            var header = new Dictionary<string, object> { ["cty"] = text, [text + "name"] = "twilio-fpa;v=1" };
            Assert.Equal(HandlerToken(header, payload), WriterToken(header, payload));
            Assert.Equal(HandlerToken(header, payload), key.CreateToken(header, payload));
        }
    }

    /// <summary>The writer keeps the payload's bytes around the jti ready for one issuer and subject; every change of
    /// either, by value or only by reference, must be written as the handler writes it.</summary>
    [Fact]
    public void WritesEachIssuerAndSubjectOfOneKeysTokens()
    {
        using ISigningKey key = new TokenEngine().CreateSigningKey(Secret);
        KeyValuePair<string, object>[] grants = EveryKindOfGrant("erin");
        string issuer = "SK00000000000000000000000000000001", subject = "AC00000000000000000000000000000001";
        var pairs = new[]
        {
            (issuer, subject), (issuer, subject), ("SK00000000000000000000000000000002", subject),
            (issuer, "AC00000000000000000000000000000002"), (issuer, "account \"é\""), ("key é", subject),
            ("key é", "account \"é\""), (new string(issuer.ToCharArray()), subject), (issuer, subject),
            ("", ""), (issuer, subject),
        };
        foreach ((string iss, string sub) in pairs)
        {
            AccessTokenClaims claims = Claims("erin", "ie1", null, grants);
            claims.Issuer = iss;
            claims.Subject = sub;
            Assert.Equal(HandlerToken(claims.ExtraHeader, claims.ToPayload()), SignedText(key, claims));
        }
    }

    /// <summary>A token's text is written again from the writer its signing returned, long after: later tokens of the
    /// same key with other grants, issuers, regions or nbf, and the key's disposal, must not change it.</summary>
    [Fact]
    public void WritesEachTokensTextAgainAsItWasSignedAfterLaterTokensAndTheKeysDisposal()
    {
        var signed = new List<(AccessTokenClaims Claims, IAccessTokenText Text, TokenMac Mac)>();
        KeyValuePair<string, object>[] every = EveryKindOfGrant("x"), video = { new("video", new Dictionary<string, object> { ["room"] = "r" }) };
        using (ISigningKey key = new TokenEngine().CreateSigningKey(Secret))
        {
            var variants = new[]
            {
                Claims("a", null, null, every), Claims("b", null, null, every), Claims("c", "ie1", null, every),
                Claims("d", "ie1", 1795810000L, video), Claims("e", null, 1795810001L, video), Claims(null, null, null, every),
                Claims("g", "au1", null, null), Claims("h", null, null, every),
            };
            variants[4].Issuer = "SK00000000000000000000000000000002";
            variants[5].Subject = "account \"é\"";
            variants[6].Issuer = "key é";
            for (int i = 0; i < variants.Length; i++)
            {
                variants[i].IdHigh = (ulong)i * 0x1111111111111111;
                variants[i].IdLow = ~(ulong)i;
                signed.Add((variants[i], key.SignAccessToken(variants[i], out TokenMac mac), mac));
            }
        }

        foreach ((AccessTokenClaims claims, IAccessTokenText text, TokenMac mac) in signed)
        {
            Assert.Equal(HandlerToken(claims.ExtraHeader, claims.ToPayload()),
                text.Write(claims.Identity, claims.IdHigh, claims.IdLow, claims.IssuedAt, claims.ExpiresAt, mac));
        }
    }

    /// <summary>Tokens minted on one runspace's thread are read on others; each thread writes in buffers of its own.</summary>
    [Fact]
    public void WritesTokenTextsAgainFromManyThreadsAtOnce()
    {
        using ISigningKey key = new TokenEngine().CreateSigningKey(Secret);
        KeyValuePair<string, object>[] grants = EveryKindOfGrant("x");
        var tokens = new List<(AccessTokenClaims Claims, IAccessTokenText Text, TokenMac Mac, string Expected)>();
        for (int i = 0; i < 400; i++)
        {
            // Identities of many lengths, so that threads writing at once write tokens of different lengths.
            AccessTokenClaims claims = Claims("user" + new string('x', i % 97) + i, i % 3 == 0 ? "ie1" : null, null, grants);
            claims.IdLow = (ulong)i;
            tokens.Add((claims, key.SignAccessToken(claims, out TokenMac mac), mac, HandlerToken(claims.ExtraHeader, claims.ToPayload())));
        }

        // Threads started together, each writing every token many times, so that writes overlap.
        var failures = 0;
        using var start = new System.Threading.Barrier(4);
        var threads = Enumerable.Range(0, 4).Select(t => new System.Threading.Thread(() =>
        {
            start.SignalAndWait();
            for (int i = 0; i < 20 * tokens.Count; i++)
            {
                var (claims, text, mac, expected) = tokens[(i * 7 + t * 101) % tokens.Count];
                if (text.Write(claims.Identity, claims.IdHigh, claims.IdLow, claims.IssuedAt, claims.ExpiresAt, mac) != expected)
                {
                    System.Threading.Interlocked.Increment(ref failures);
                }
            }
        })).ToList();
        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());
        Assert.Equal(0, failures);
    }

    /// <summary>The payload's fixed bytes are copied already encoded where they cover whole 3-byte groups; where those
    /// groups fall depends on the issuer's and subject's lengths, so every remainder of each is written here.</summary>
    [Fact]
    public void WritesPayloadsWhoseFixedPartsFallOnEveryGroupBoundary()
    {
        using ISigningKey key = new TokenEngine().CreateSigningKey(Secret);
        KeyValuePair<string, object>[] grants = EveryKindOfGrant("g");
        foreach (string issuer in new[] { "SK", "SKa", "SKab", "SK00000000000000000000000000000001", "SK00000000000000000000000000000001x", "SK00000000000000000000000000000001xy" })
        {
            foreach (string subject in new[] { "AC", "ACa", "ACab", "AC00000000000000000000000000000001" })
            {
                foreach (string identity in new[] { null, "", "a", "ab", "abc" })
                {
                    AccessTokenClaims claims = Claims(identity, null, issuer.Length % 2 == 0 ? 1795810000L : null, grants);
                    claims.Issuer = issuer;
                    claims.Subject = subject;
                    claims.IdHigh = (ulong)issuer.Length * 0x0101010101010101;
                    claims.IdLow = (ulong)subject.Length;
                    Assert.Equal(HandlerToken(claims.ExtraHeader, claims.ToPayload()), SignedText(key, claims));
                }
            }
        }
    }

    /// <summary>Signing copies the bytes from the jti's digits to the identity encoded once per second and text: one key
    /// signing tokens whose times, lifetimes, fixed claims and alignment change back and forth (issuers of three lengths
    /// put those bytes on each group boundary; tokens without identity, and each first token of new fixed claims, take the
    /// general path between them) must still sign each as the handler does.</summary>
    [Fact]
    public void SignsEachTokenAsTheHandlerDoesWhileItsSecondAndFixedClaimsChangeBackAndForth()
    {
        using ISigningKey key = new TokenEngine().CreateSigningKey(Secret);
        KeyValuePair<string, object>[] every = EveryKindOfGrant("z");
        KeyValuePair<string, object>[] video = { new("video", new Dictionary<string, object> { ["room"] = "r" }) };
        // Pairs of issue time and lifetime: the second pair expires when the first does.
        var seconds = new[] { (1795810113L, 3600L), (1795810114L, 3599L), (1795810114L, 3600L), (1795810113L, 3600L), (1795810113L, 60L), (1795810114L, 60L) };
        Func<AccessTokenClaims>[] templates =
        {
            () => Claims("alice", null, null, every), () => Claims("bob", "ie1", null, every), () => Claims("carol", null, 1795810000L, video),
            () => Claims(null, null, null, every), () => Claims("d\u00e9\"", null, null, video), () => Claims("", null, null, null),
            // Six bytes of JSON for every character, past the writer's first buffers: the most the payload can take.
            () => Claims(new string('\u0001', 400), null, null, video),
        };
        int signed = 0;
        void SignsAsTheHandler(string issuer, Func<AccessTokenClaims> template, long issuedAt, long lifetime)
        {
            AccessTokenClaims claims = template();
            claims.Issuer = issuer;
            claims.IssuedAt = issuedAt;
            claims.ExpiresAt = issuedAt + lifetime;
            claims.IdLow = (ulong)signed++;
            Assert.Equal(HandlerToken(claims.ExtraHeader, claims.ToPayload()), SignedText(key, claims));
        }

        foreach (string issuer in new[] { "SK00000000000000000000000000000001", "SK00000000000000000000000000000001x", "SK00000000000000000000000000000001xy" })
        {
            // The same fixed claims token after token while the times change, then the fixed claims changing every token.
            foreach (Func<AccessTokenClaims> template in templates)
            {
                foreach ((long issuedAt, long lifetime) in seconds) SignsAsTheHandler(issuer, template, issuedAt, lifetime);
            }

            foreach ((long issuedAt, long lifetime) in seconds)
            {
                foreach (Func<AccessTokenClaims> template in templates) SignsAsTheHandler(issuer, template, issuedAt, lifetime);
            }

            // Two tokens of each fixed claims in one second: the second of each signed after another text's same second.
            foreach (Func<AccessTokenClaims> template in templates)
            {
                SignsAsTheHandler(issuer, template, seconds[0].Item1, seconds[0].Item2);
                SignsAsTheHandler(issuer, template, seconds[0].Item1, seconds[0].Item2);
            }
        }
    }

    /// <summary>Writing a token's text uses buffers that belong to the thread and outlive the cmdlet: they keep none of it.</summary>
    [Fact]
    public void LeavesNoTokenInTheThreadsBuffersAfterWritingItsText()
    {
        using ISigningKey key = new TokenEngine().CreateSigningKey(Secret);
        string text = SignedText(key, Claims("yvonne", "ie1", null, EveryKindOfGrant("yvonne")));
        Assert.Contains('.', text);
        var flags = System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static;
        var token = (byte[])typeof(AccessTokenText).GetField("t_token", flags).GetValue(null);
        var payload = (ClaimJsonWriter)typeof(AccessTokenText).GetField("t_payload", flags).GetValue(null);
        Assert.NotNull(token);
        Assert.All(token, b => Assert.Equal(0, b));
        Assert.All(payload.Buffer, b => Assert.Equal(0, b));
    }

    [Fact]
    public void KeepsTheMacsBytesInOrder()
    {
        var bytes = new byte[40];
        new Random(5).NextBytes(bytes);
        var copy = new byte[36];
        new TokenMac(bytes, 3).CopyTo(copy, 2);
        Assert.Equal(bytes.Skip(3).Take(32), copy.Skip(2).Take(32));
        Assert.Equal(new byte[4], copy.Take(2).Concat(copy.Skip(34)));
    }

    [Fact]
    public void SignsCorrectlyFromManyThreadsWithOneKey()
    {
        using ISigningKey key = new TokenEngine().CreateSigningKey(Secret);
        var engine = new TokenEngine();
        var failures = 0;
        Parallel.For(0, 2000, i =>
        {
            var payload = new Dictionary<string, object> { ["i"] = (long)i, ["who"] = "user" + i };
            string token = key.CreateToken(Header(i % 2 == 0 ? "ie1" : null), payload);
            ParsedJwt parsed = engine.Parse(token);
            if (!key.VerifySignature(parsed.Token, parsed.SigningInputLength, parsed.Signature) || (string)parsed.Payload["who"] != "user" + i)
            {
                System.Threading.Interlocked.Increment(ref failures);
            }
        });
        Assert.Equal(0, failures);
    }
}
