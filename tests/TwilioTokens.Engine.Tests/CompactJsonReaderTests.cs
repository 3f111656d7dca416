using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TwilioTokens.Internal;
using Xunit;

namespace TwilioTokens.Engine.Tests;

/// <summary>CompactJsonReader reads the JSON minters write without Utf8JsonReader. Whatever it accepts must be valid
/// JSON read to exactly the values the Utf8JsonReader path gives (the definition); whatever it refuses goes to that
/// path. These tests compare the two, and check that the compact reader really is the one that reads minted tokens.</summary>
public class CompactJsonReaderTests
{
    /// <summary>The compact reader's answer, or null when it gives up.</summary>
    private static JsonObject Compact(byte[] json, RepeatedValues repeated = null)
    {
        var entries = new JsonEntryStack();
        try
        {
            return CompactJsonReader.TryReadObject(json, entries, repeated, out JsonObject map) ? map : null;
        }
        finally
        {
            entries.Release();
        }
    }

    /// <summary>The general path's answer: the object, null for valid JSON of another kind, or the exception.</summary>
    private static object General(byte[] json)
    {
        try
        {
            return JsonValues.ReadWithUtf8JsonReader(json);
        }
        catch (Exception e) when (e is JsonException || e is InvalidOperationException)
        {
            return e;
        }
    }

    private static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);

    /// <summary>Same names in the same order, values of the same types and equal, at any depth.</summary>
    private static void AssertSame(object expected, object actual, string path = "$")
    {
        switch (expected)
        {
            case JsonObject map:
                var other = Assert.IsType<JsonObject>(actual);
                Assert.True(map.Count == other.Count, $"{path}: {map.Count} names expected, {other.Count} read");
                for (int i = 0; i < map.Count; i++)
                {
                    Assert.Equal(map.NameAt(i), other.NameAt(i));
                    AssertSame(map.ValueAt(i), other.ValueAt(i), path + "." + map.NameAt(i));
                }

                break;
            case object[] items:
                var otherItems = Assert.IsType<object[]>(actual);
                Assert.Equal(items.Length, otherItems.Length);
                for (int i = 0; i < items.Length; i++) AssertSame(items[i], otherItems[i], $"{path}[{i}]");
                break;
            case null:
                Assert.Null(actual);
                break;
            default:
                Assert.True(expected.GetType() == actual?.GetType(), $"{path}: {expected.GetType()} expected, {actual?.GetType()} read");
                Assert.Equal(expected, actual);
                break;
        }
    }

    /// <summary>Payloads as JsonWebTokenHandler writes them (the writer twilio-csharp's tokens are compared with).</summary>
    private static IEnumerable<byte[]> MintedPayloads()
    {
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        var credentials = new SigningCredentials(new SymmetricSecurityKey(Utf8("fake-secret-do-not-use-0123456789")), SecurityAlgorithms.HmacSha256);
        object[] grants =
        {
            new Dictionary<string, object> { ["identity"] = "alice", ["voice"] = new Dictionary<string, object> { ["incoming"] = new Dictionary<string, object> { ["allow"] = true }, ["outgoing"] = new Dictionary<string, object> { ["application_sid"] = "AP00000000000000000000000000000001", ["params"] = new Dictionary<string, object> { ["to"] = "+15551234567", ["n"] = -42L } } } },
            new Dictionary<string, object> { ["identity"] = "user 42 <b@example.com>", ["video"] = new Dictionary<string, object> { ["room"] = "DailyStandup" }, ["chat"] = new Dictionary<string, object> { ["service_sid"] = "IS00000000000000000000000000000001" } },
            new Dictionary<string, object> { ["identity"] = "", ["player"] = new Dictionary<string, object> { ["grant"] = "x", ["list"] = new object[] { 1L, "two", false, null, new object[0], new Dictionary<string, object>() } } },
        };
        foreach (object grant in grants)
        {
            string token = handler.CreateToken(new SecurityTokenDescriptor
            {
                SigningCredentials = credentials,
                Claims = new Dictionary<string, object>
                {
                    ["jti"] = "SK00000000000000000000000000000001-1795810113", ["iss"] = "SK00000000000000000000000000000001",
                    ["sub"] = "AC00000000000000000000000000000001", ["iat"] = 1795810113L, ["nbf"] = 0L, ["exp"] = 999999999999999999L,
                    ["grants"] = grant,
                },
            });
            yield return Base64UrlEncoder.DecodeBytes(token.Split('.')[1]);
            yield return Base64UrlEncoder.DecodeBytes(token.Split('.')[0]);
        }
    }

    [Fact]
    public void ReadsMintedPayloadsItselfAndAsTheGeneralPathDoes()
    {
        foreach (byte[] json in MintedPayloads())
        {
            JsonObject compact = Compact(json);
            Assert.True(compact != null, "the compact reader gave up on " + Encoding.UTF8.GetString(json));
            AssertSame(General(json), compact);
        }
    }

    [Theory]
    [InlineData("{}")]
    [InlineData(" \t\r\n{ \"a\" : [ 1 , -2 , 0 , -0 , [ ] , { } ] , \"b\" : { \"c\" : null } } \n")]
    [InlineData("{\"a\":999999999999999999,\"b\":-999999999999999999}")]
    [InlineData("{\"a\":\"\",\"b\":\" !#$%&'()*+,-./:;<=>?@[]^_`{|}~\"}")]
    [InlineData("{\"a\":true,\"b\":false,\"c\":null,\"a\":[true]}")]
    [InlineData("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"cty\":\"twilio-fpa;v=1\",\"twr\":\"au1\"}")]
    public void ReadsTheSubsetAsTheGeneralPathDoes(string json)
    {
        JsonObject compact = Compact(Utf8(json));
        Assert.NotNull(compact);
        AssertSame(General(Utf8(json)), compact);
    }

    [Fact]
    public void ReadsLongStringsAndDeepNestingWithinItsLimits()
    {
        string json = "{\"s\":\"" + new string('x', 5000) + "\",\"d\":" + string.Concat(Enumerable.Repeat("[", 31)) + string.Concat(Enumerable.Repeat("]", 31)) + "}";
        JsonObject compact = Compact(Utf8(json));
        Assert.NotNull(compact);
        AssertSame(General(Utf8(json)), compact);
    }

    [Theory]
    [InlineData("{\"a\":\"\\u0041\"}")] // an escape
    [InlineData("{\"\\\"\":1}")]
    [InlineData("{\"a\":\"é\"}")] // UTF-8
    [InlineData("{\"a\":\"\u007f\"}")]
    [InlineData("{\"a\":\"\u0001\"}")] // a control: invalid
    [InlineData("{\"a\":1.5}")] // a fraction: a double
    [InlineData("{\"a\":1e3}")]
    [InlineData("{\"a\":1E-3}")]
    [InlineData("{\"a\":1234567890123456789}")] // 19 digits
    [InlineData("{\"a\":01}")] // invalid from here on
    [InlineData("{\"a\":-}")]
    [InlineData("{\"a\":+1}")]
    [InlineData("{\"a\":1,}")]
    [InlineData("{\"a\":[1,]}")]
    [InlineData("{,}")]
    [InlineData("{\"a\" 1}")]
    [InlineData("{\"a\":tru}")]
    [InlineData("{\"a\":truex}")]
    [InlineData("{\"a\":nul}")]
    [InlineData("{\"a\":1}/*c*/")]
    [InlineData("{\"a\":1}{}")]
    [InlineData("{\"a\":1")]
    [InlineData("{\"a")]
    [InlineData("[{}]")] // valid, not an object
    [InlineData("")]
    [InlineData("\ufeff{}")]
    public void GivesUpOnAnythingElse(string json)
    {
        Assert.Null(Compact(Utf8(json)));
    }

    [Fact]
    public void GivesUpOnNestingDeeperThanItsLimit()
    {
        string json = "{\"d\":" + string.Concat(Enumerable.Repeat("[", 32)) + string.Concat(Enumerable.Repeat("]", 32)) + "}";
        Assert.Null(Compact(Utf8(json)));
        Assert.IsType<JsonObject>(General(Utf8(json)));
    }

    /// <summary>Thousands of texts one to three edits away from minted payloads, valid and not: wherever the compact
    /// reader answers, the general path gives the same object. Enough of them go each way for the comparison to
    /// mean something. SID strings are shared across all of them, as in one cmdlet run.</summary>
    [Fact]
    public void AgreesWithTheGeneralPathOnMutatedPayloads()
    {
        byte[] alphabet = Utf8("{}[]\":,0123456789-+.eE tfnrul\\\t\nax");
        byte[] extra = { 0x00, 0x1F, 0x7F, 0xC3, 0xA9, 0xFF };
        var random = new Random(20261128);
        byte[][] bases = MintedPayloads().ToArray();
        int accepted = 0, refused = 0;
        var repeated = new RepeatedValues();
        for (int n = 0; n < 20000; n++)
        {
            var bytes = new List<byte>(bases[random.Next(bases.Length)]);
            for (int edits = random.Next(1, 4); edits > 0 && bytes.Count > 0; edits--)
            {
                int at = random.Next(bytes.Count);
                byte b = random.Next(8) == 0 ? extra[random.Next(extra.Length)] : alphabet[random.Next(alphabet.Length)];
                switch (random.Next(4))
                {
                    case 0: bytes.RemoveAt(at); break;
                    case 1: bytes.Insert(at, b); break;
                    case 2: bytes[at] = b; break;
                    default: bytes.InsertRange(at, bytes.GetRange(at, Math.Min(random.Next(1, 12), bytes.Count - at))); break;
                }
            }

            byte[] json = bytes.ToArray();
            JsonObject compact = Compact(json, repeated);
            if (compact == null)
            {
                refused++;
                continue;
            }

            accepted++;
            object general = General(json);
            Assert.False(general is Exception, $"the compact reader accepted invalid JSON: {Encoding.UTF8.GetString(json)} ({general})");
            AssertSame(general, compact);
        }

        Assert.True(accepted > 2000 && refused > 2000, $"accepted {accepted}, refused {refused}");
    }

    /// <summary>Printable ASCII other than the quote and the backslash, cycled so that every such byte lands in every
    /// position of an eight-byte word.</summary>
    private static string Clean(int length, int shift = 0)
    {
        string allowed = new string(Enumerable.Range(0x20, 0x5F).Select(c => (char)c).Where(c => c != '"' && c != '\\').ToArray());
        return new string(Enumerable.Range(0, length).Select(i => allowed[(i * 7 + shift) % allowed.Length]).ToArray());
    }

    /// <summary>The string scan reads eight bytes at a time before it looks at single bytes: clean strings and names of
    /// every length around a word's are read whole, and each kind of byte that ends the compact path (an escape, a
    /// control, DEL, UTF-8) is found at every position, so that the reader gives up there as it does on a short string.</summary>
    [Fact]
    public void FindsWhatEndsAStringAtEveryPositionOfTheWordScan()
    {
        for (int length = 0; length <= 40; length++)
        {
            foreach (string json in new[] { $"{{\"k\":\"{Clean(length)}\",\"n\":1}}", $"{{\"{Clean(length, 3)}\":\"{Clean(length, 5)}\"}}" })
            {
                JsonObject compact = Compact(Utf8(json));
                Assert.True(compact != null, "the compact reader gave up on " + json);
                AssertSame(General(Utf8(json)), compact);
            }
        }

        string[] stops = { "\\n", "\\\"", "\u0001", "\u001f", "\u007f", "\u0080", "é", "\uffff" };
        for (int length = 1; length <= 40; length++)
        {
            for (int at = 0; at < length; at++)
            {
                foreach (string stop in stops)
                {
                    string text = Clean(length).Remove(at, 1).Insert(at, stop);
                    Assert.True(Compact(Utf8($"{{\"k\":\"{text}\"}}")) == null, $"value: {stop} at {at} of {length}");
                    Assert.True(Compact(Utf8($"{{\"{text}\":1}}")) == null, $"name: {stop} at {at} of {length}");
                }
            }
        }
    }

    /// <summary>Twilio's common names and fixed values come back as one shared string each, as names and as values,
    /// and texts that share a length and their first eight bytes with one of them (where the lookup compares by a
    /// prefix) are read as themselves.</summary>
    [Fact]
    public void SharesCommonNamesAndOnlyThose()
    {
        string[] common = { "alg", "typ", "cty", "jti", "iss", "sub", "iat", "nbf", "exp", "identity", "incoming", "application_sid", "push_credential_sid", "twilio-fpa;v=1", "HS256" };
        foreach (string name in common)
        {
            string shared = JsonValues.FindShared(Utf8(name));
            Assert.Equal(name, shared);
            JsonObject map = Compact(Utf8($"{{\"{name}\":\"{name}\"}}"));
            Assert.Same(shared, map.NameAt(0));
            Assert.Same(shared, map.ValueAt(0));
        }

        foreach (string near in new[] { "application_sie", "applicatiox_sid", "push_credential_sie", "twilio-fpa;v=2", "identitz", "isx", "jtj", "HS257", "sub " })
        {
            Assert.Null(JsonValues.FindShared(Utf8(near)));
            JsonObject map = Compact(Utf8($"{{\"{near}\":\"{near}\"}}"));
            Assert.Equal(near, map.NameAt(0));
            Assert.Equal(near, map.ValueAt(0));
        }
    }

    [Fact]
    public void ReadObjectFallsBackToTheGeneralPath()
    {
        // Refused by the compact reader, read by ReadObject all the same.
        JsonObject map = JsonValues.ReadObject(Utf8("{\"a\":1.5,\"b\":\"\\u00e9\",\"c\":1234567890123456789}"));
        Assert.Equal(1.5, map["a"]);
        Assert.Equal("é", map["b"]);
        Assert.Equal(1234567890123456789L, map["c"]);
        Assert.ThrowsAny<JsonException>(() => JsonValues.ReadObject(Utf8("{\"a\":01}")));
    }
}
