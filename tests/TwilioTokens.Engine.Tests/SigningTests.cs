using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TwilioTokens.Internal;
using Xunit;

namespace TwilioTokens.Engine.Tests;

/// <summary>The engine writes access tokens itself, with System.Text.Json, instead of through
/// JsonWebTokenHandler.CreateToken; the wire format must not change. HS256 is deterministic, so the handler's token for
/// the same claims is the oracle, byte for byte.</summary>
public class SigningTests
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("fake-secret-do-not-use-0123456789");

    private static ISigningKey NewKey(byte[] secret = null) => new TokenEngine().CreateSigningKey(secret ?? Secret);

    /// <summary>The handler's token for <paramref name="claims"/>, whose grants hold <paramref name="grants"/>' JSON.</summary>
    private static string HandlerToken(AccessTokenClaims claims, KeyValuePair<string, object>[] grants = null)
    {
        var header = new Dictionary<string, object> { ["cty"] = AccessTokenClaims.ContentType };
        if (claims.Region != null) header["twr"] = claims.Region;
        var grantsClaim = new Dictionary<string, object>();
        if (claims.Identity != null) grantsClaim["identity"] = claims.Identity;
        foreach (KeyValuePair<string, object> grant in grants ?? Array.Empty<KeyValuePair<string, object>>()) grantsClaim[grant.Key] = grant.Value;
        var payload = new Dictionary<string, object> { ["jti"] = claims.Id, ["iss"] = claims.Issuer, ["sub"] = claims.Subject, ["iat"] = claims.IssuedAt };
        if (claims.NotBefore.HasValue) payload["nbf"] = claims.NotBefore.Value;
        payload["exp"] = claims.ExpiresAt;
        payload["grants"] = grantsClaim;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Secret), SecurityAlgorithms.HmacSha256),
            TokenType = "JWT",
            AdditionalHeaderClaims = header,
            Claims = payload,
        });
    }

    private static AccessTokenClaims Claims(string identity, string region = null, long? notBefore = null,
        KeyValuePair<string, object>[] grants = null) => new()
    {
        Id = "SK00000000000000000000000000000001-0123456789abcdef0123456789abcdef",
        Issuer = "SK00000000000000000000000000000001",
        Subject = "AC00000000000000000000000000000001",
        IssuedAt = 1795810113L,
        NotBefore = notBefore,
        ExpiresAt = 1795813713L,
        Region = region,
        Identity = identity,
        Grants = grants?.Select(g => new KeyValuePair<string, byte[]>(g.Key, new TokenEngine().WriteClaimValue(g.Value))).ToArray(),
    };

    /// <summary>Every printable ASCII character, escapes, non-ASCII, controls, a long and an empty identity.</summary>
    public static IEnumerable<object[]> Identities() => new[]
    {
        "alice", "al+ice<é>&'\"", "back\\slash/and\"quote", "emoji 😀 and € and 中文", "tab\tnew\nline\u0001\u007f",
        "line\u2028separator", "", new string('x', 2000), new string(Enumerable.Range(0x20, 0x5F).Select(c => (char)c).ToArray()),
    }.Select(i => new object[] { i });

    private static KeyValuePair<string, object>[] EveryKindOfValue(string identity) => new[]
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
        new KeyValuePair<string, object>("player", new Dictionary<string, object>
        {
            ["playbackUrl"] = "https://example.com/é",
            ["list"] = new List<object> { 1L, "two", false, null, 2.5, 7, 1e300, -0.125m, new List<object>(), new Dictionary<string, object>() },
            ["max"] = long.MaxValue,
            ["min"] = long.MinValue,
        }),
    };

    [Theory]
    [MemberData(nameof(Identities))]
    public void WritesAccessTokensAsTheHandlerWritesTheSameClaims(string identity)
    {
        using ISigningKey key = NewKey();
        foreach (string region in new[] { null, "ie1" })
        {
            foreach (long? notBefore in new long?[] { null, 1795810000L })
            {
                foreach (KeyValuePair<string, object>[] grants in new[] { null, Array.Empty<KeyValuePair<string, object>>(), EveryKindOfValue(identity) })
                {
                    AccessTokenClaims claims = Claims(identity, region, notBefore, grants);
                    Assert.Equal(HandlerToken(claims, grants), key.SignAccessToken(claims));
                }
            }
        }
    }

    [Fact]
    public void WritesTokensWithoutAnIdentityAsTheHandlerDoes()
    {
        using ISigningKey key = NewKey();
        KeyValuePair<string, object>[] grants = EveryKindOfValue("x");
        AccessTokenClaims claims = Claims(null, grants: grants);
        Assert.Equal(HandlerToken(claims, grants), key.SignAccessToken(claims));
    }

    [Fact]
    public void WritesNonGenericMapsAndListsAsTheHandlerWritesTheirGenericCopies()
    {
        var ordered = new OrderedDictionary { ["b"] = "1", ["a"] = new ArrayList { "x", 2L } };
        var copy = new Dictionary<string, object> { ["b"] = "1", ["a"] = new List<object> { "x", 2L } };
        using ISigningKey key = NewKey();
        string ours = key.SignAccessToken(Claims("alice", grants: new[] { new KeyValuePair<string, object>("player", ordered) }));
        var copyGrants = new[] { new KeyValuePair<string, object>("player", copy) };
        Assert.Equal(HandlerToken(Claims("alice", grants: copyGrants), copyGrants), ours);
    }

    [Fact]
    public void WritesEachTokensGrantsAndTheHeaderAgainWhenTheRegionChanges()
    {
        using ISigningKey key = NewKey();
        foreach (string room in new[] { "one", "two", "one" })
        {
            foreach (string region in new[] { null, "au1", "ie1", null })
            {
                var grants = new[] { new KeyValuePair<string, object>("video", new Dictionary<string, object> { ["room"] = room }) };
                AccessTokenClaims claims = Claims("alice", region, grants: grants);
                Assert.Equal(HandlerToken(claims, grants), key.SignAccessToken(claims));
            }
        }
    }

    [Fact]
    public void RefusesAGrantValueWithNoJsonForm()
    {
        var value = new Dictionary<string, object> { ["when"] = DateTime.UtcNow };
        var e = Assert.Throws<ArgumentException>(() => new TokenEngine().WriteClaimValue(value));
        Assert.Contains("System.DateTime", e.Message);
    }

    [Fact]
    public void SignsWithTheBclsHmacSha256AndVerifiesItsOwnSignatureOnly()
    {
        using ISigningKey key = NewKey();
        string jwt = key.SignAccessToken(Claims("alice"));
        string[] parts = jwt.Split('.');
        using var hmac = new HMACSHA256(Secret);
        Assert.Equal(Base64UrlEncoder.Encode(hmac.ComputeHash(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]))), parts[2]);

        var engine = new TokenEngine();
        Assert.True(key.VerifySignature(engine.Parse(jwt)));
        string bobsPayload = key.SignAccessToken(Claims("bob")).Split('.')[1];
        Assert.False(key.VerifySignature(engine.Parse(parts[0] + "." + bobsPayload + "." + parts[2])));
        string flipped = parts[2].Substring(0, 5) + (parts[2][5] == 'A' ? 'B' : 'A') + parts[2].Substring(6);
        Assert.False(key.VerifySignature(engine.Parse(parts[0] + "." + parts[1] + "." + flipped)));
        Assert.False(key.VerifySignature(engine.Parse(parts[0] + "." + parts[1] + ".")));
        using ISigningKey other = NewKey(Encoding.UTF8.GetBytes("another-fake-secret-0123456789ab"));
        Assert.False(other.VerifySignature(engine.Parse(jwt)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(200)]
    public void VerifiesWithSecretsOfAnyLengthButSignsOnlyWith16BytesOrMore(int length)
    {
        byte[] secret = Enumerable.Range(0, length).Select(i => (byte)(i * 7 + 1)).ToArray();
        string input = Base64UrlEncoder.Encode("{}") + "." + Base64UrlEncoder.Encode("{}");
        using var hmac = new HMACSHA256(secret);
        using ISigningKey key = NewKey(secret);
        Assert.True(key.VerifySignature(new TokenEngine().Parse(input + "." + Base64UrlEncoder.Encode(hmac.ComputeHash(Encoding.ASCII.GetBytes(input))))));
        if (length < 16) Assert.Throws<InvalidOperationException>(() => key.SignAccessToken(Claims("alice")));
        else Assert.Equal(3, key.SignAccessToken(Claims("alice")).Split('.').Length);
    }

    [Fact]
    public void ADisposedKeyNeitherSignsNorVerifies()
    {
        ISigningKey key = NewKey();
        ParsedJwt jwt = new TokenEngine().Parse(key.SignAccessToken(Claims("alice")));
        key.Dispose();
        key.Dispose();
        Assert.Throws<ObjectDisposedException>(() => key.SignAccessToken(Claims("alice")));
        Assert.Throws<ObjectDisposedException>(() => key.VerifySignature(jwt));
    }

    [Fact]
    public void ClearsItsOwnCopyOfTheSecretOnDisposeButNeverTheCallers()
    {
        byte[] secret = (byte[])Secret.Clone();
        var key = (Hs256SigningKey)NewKey(secret);
        byte[] own = (byte[])typeof(Hs256SigningKey).GetField("_secret", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(key);
        Assert.Equal(Secret, own);
        Assert.NotSame(secret, own);
        key.Dispose();
        Assert.All(own, b => Assert.Equal(0, b));
        Assert.Equal(Secret, secret);
    }
}
