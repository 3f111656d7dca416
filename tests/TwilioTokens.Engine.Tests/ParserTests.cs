using System;
using System.Collections.Specialized;
using System.Text;
using TwilioTokens.Internal;
using Xunit;

namespace TwilioTokens.Engine.Tests;

/// <summary>The one-pass JSON reading of CompactJwtParser (JsonValues): the same answers as a JSON document would
/// give, and malformed input always a TokenFormatException.</summary>
public class ParserTests
{
    private readonly TokenEngine _engine = new();

    private static string B64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private ParsedJwt ParsePayload(string json) => _engine.Parse(B64Url(Encoding.UTF8.GetBytes("{}")) + "." + B64Url(Encoding.UTF8.GetBytes(json)) + ".");

    [Fact]
    public void KeepsTheFirstPlaceAndTheLastValueOfARepeatedName()
    {
        OrderedDictionary payload = ParsePayload("{\"a\":1,\"b\":2,\"a\":3}").Payload;
        var keys = new object[payload.Count];
        payload.Keys.CopyTo(keys, 0);
        Assert.Equal(new object[] { "a", "b" }, keys);
        Assert.Equal(3L, payload["a"]);
    }

    [Fact]
    public void ReadsEscapedNamesAndValuesLikeAnyOther()
    {
        OrderedDictionary payload = ParsePayload("{\"\\u0069ss\":\"SK\\u0031\",\"grants\":{\"identity\":\"al\\\"ice\\u00e9\"}}").Payload;
        Assert.Equal("SK1", payload["iss"]);
        Assert.Equal("al\"iceé", ((OrderedDictionary)payload["grants"])["identity"]);
    }

    [Fact]
    public void ReadsObjectsWithManyEntriesAndNestedArrays()
    {
        var json = new StringBuilder("{");
        for (int i = 0; i < 40; i++) json.Append($"\"k{i}\":[{i},[\"x\",{{\"n\":{i}}}],[]],");
        json.Append("\"last\":{}}");
        OrderedDictionary payload = ParsePayload(json.ToString()).Payload;
        Assert.Equal(41, payload.Count);
        var k39 = (object[])payload["k39"];
        Assert.Equal(39L, k39[0]);
        Assert.Equal(39L, ((OrderedDictionary)((object[])k39[1])[1])["n"]);
        Assert.Empty((object[])k39[2]);
        Assert.Empty((OrderedDictionary)payload["last"]);
    }

    [Fact]
    public void AcceptsWhatTheBclBase64DecoderAccepts()
    {
        // "e31" has unused low bits set: Convert.FromBase64String still reads it as "{}", and so did the parser before.
        Assert.Equal("{}", Encoding.ASCII.GetString(Convert.FromBase64String("e31=")));
        ParsedJwt parsed = _engine.Parse("e31.e31.");
        Assert.Empty(parsed.Header);
        Assert.Empty(parsed.Payload);
    }

    [Theory]
    [InlineData("{}{}")]
    [InlineData("{} x")]
    [InlineData("{\"a\":}")]
    [InlineData("{\"a\":1,}")]
    [InlineData("")]
    [InlineData("[1")]
    public void RefusesInvalidJson(string json)
    {
        var e = Assert.Throws<TokenFormatException>(() => ParsePayload(json));
        Assert.Equal(TokenFormatError.InvalidJson, e.Error);
    }

    [Fact]
    public void RefusesAStringThatIsNotUtf8AsInvalidJson()
    {
        byte[] json = { (byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}' };
        var e = Assert.Throws<TokenFormatException>(() => _engine.Parse(B64Url(Encoding.UTF8.GetBytes("{}")) + "." + B64Url(json) + "."));
        Assert.Equal(TokenFormatError.InvalidJson, e.Error);
    }

    [Theory]
    [InlineData("[{}]")]
    [InlineData("12")]
    [InlineData("null")]
    public void RefusesValidJsonThatIsNotAnObject(string json)
    {
        var e = Assert.Throws<TokenFormatException>(() => ParsePayload(json));
        Assert.Equal(TokenFormatError.NotJsonObject, e.Error);
    }
    private static string Token(string payloadJson) =>
        B64Url(Encoding.UTF8.GetBytes("{\"alg\":\"HS256\"}")) + "." + B64Url(Encoding.UTF8.GetBytes(payloadJson)) + ".";

    private static string SidPayload(string iss, string app) =>
        $"{{\"iss\":\"{iss}\",\"sub\":\"AC00000000000000000000000000000001\",\"grants\":{{\"voice\":{{\"outgoing\":{{\"application_sid\":\"{app}\"}}}}}}}}";

    private static string AppSid(ParsedJwt parsed) =>
        (string)((JsonObject)((JsonObject)((JsonObject)parsed.PayloadFields["grants"])["voice"])["outgoing"])["application_sid"];

    [Fact]
    public void TokensParsedTogetherShareTheirSidStrings()
    {
        var repeated = new RepeatedValues();
        ParsedJwt first = _engine.Parse(Token(SidPayload("SK00000000000000000000000000000001", "AP00000000000000000000000000000001")), repeated);
        ParsedJwt second = _engine.Parse(Token(SidPayload("SK00000000000000000000000000000001", "AP00000000000000000000000000000001")), repeated);
        Assert.Same(first.PayloadFields["iss"], second.PayloadFields["iss"]);
        Assert.Same(first.PayloadFields["sub"], second.PayloadFields["sub"]);
        Assert.Same(AppSid(first), AppSid(second));

        // Parsed apart, each token has its own strings.
        ParsedJwt alone = _engine.Parse(Token(SidPayload("SK00000000000000000000000000000001", "AP00000000000000000000000000000001")));
        Assert.NotSame(first.PayloadFields["iss"], alone.PayloadFields["iss"]);
        Assert.Equal(first.PayloadFields["iss"], alone.PayloadFields["iss"]);
    }

    [Fact]
    public void SharingNeverGivesOneTokenAnotherTokensSid()
    {
        // More distinct SIDs than are remembered, alternating, differing only in their last digits or prefix.
        var repeated = new RepeatedValues();
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < 2 * repeated.Capacity + 3; i++)
            {
                string iss = "SK" + i.ToString("x32");
                string app = (i % 2 == 0 ? "AP" : "AC") + i.ToString("x32");
                ParsedJwt parsed = _engine.Parse(Token(SidPayload(iss, app)), repeated);
                Assert.Equal(iss, parsed.PayloadFields["iss"]);
                Assert.Equal(app, AppSid(parsed));
                Assert.Equal("AC00000000000000000000000000000001", parsed.PayloadFields["sub"]);
            }
        }
    }

    private static string HeaderText(string json) => B64Url(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void TokensWithTheSameHeaderTextShareItsObjectAndOthersGetTheirOwn()
    {
        // Two headers of the same length that differ in one value (the region), then one that is not JSON: a header
        // remembered by its length alone, or by its start, would give the second token the first one's region.
        string us1 = HeaderText("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"twr\":\"us1\"}");
        string ie1 = HeaderText("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"twr\":\"ie1\"}");
        string broken = HeaderText("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"twr\":\"ie1\"]");
        Assert.Equal(us1.Length, ie1.Length);
        Assert.Equal(us1.Length, broken.Length);
        string payload = "." + B64Url(Encoding.UTF8.GetBytes("{\"sub\":\"x\"}")) + ".";

        var repeated = new RepeatedValues();
        ParsedJwt first = _engine.Parse(us1 + payload, repeated);
        ParsedJwt again = _engine.Parse(us1 + payload, repeated);
        Assert.Same(first.HeaderFields, again.HeaderFields);
        for (int i = 0; i < 4; i++)
        {
            ParsedJwt other = _engine.Parse(ie1 + payload, repeated);
            Assert.Equal("ie1", other.HeaderFields["twr"]);
            ParsedJwt back = _engine.Parse(us1 + payload, repeated);
            Assert.Equal("us1", back.HeaderFields["twr"]);
            TokenFormatException e = Assert.Throws<TokenFormatException>(() => _engine.Parse(broken + payload, repeated));
            Assert.Equal(TokenFormatError.InvalidJson, e.Error);
        }

        // Each parsed token converts the shared header into dictionaries of its own.
        Assert.NotSame(first.Header, again.Header);
        Assert.Equal("us1", again.Header["twr"]);
    }

    [Fact]
    public void TokensParsedTogetherShareBoxedIntegersAndEachKeepsItsOwnValues()
    {
        var repeated = new RepeatedValues();
        ParsedJwt first = ParseTimes(1700000000, 1700003600, repeated);
        ParsedJwt second = ParseTimes(1700000000, 1700003600, repeated);
        Assert.Same(first.PayloadFields["iat"], second.PayloadFields["iat"]);
        Assert.Same(first.PayloadFields["exp"], second.PayloadFields["exp"]);

        // More distinct values than are remembered, alternating, negative, zero and the largest the reader takes.
        long[] values = { 1700000000, 1700000001, -1700000000, 0, 999999999999999999, -999999999999999999, 1, 1700003600 };
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < values.Length; i++)
            {
                long iat = values[i];
                long exp = values[(i + 3) % values.Length];
                ParsedJwt parsed = ParseTimes(iat, exp, repeated);
                Assert.Equal(iat, parsed.PayloadFields["iat"]);
                Assert.Equal(exp, parsed.PayloadFields["exp"]);
            }
        }
    }

    private ParsedJwt ParseTimes(long iat, long exp, RepeatedValues repeated) =>
        _engine.Parse(B64Url(Encoding.UTF8.GetBytes("{}")) + "." + B64Url(Encoding.UTF8.GetBytes($"{{\"iat\":{iat},\"exp\":{exp}}}")) + ".", repeated);

    [Fact]
    public void ReadsThePayloadAloneAsParseDoes()
    {
        string header = HeaderText("{\"alg\":\"HS256\"}");
        foreach (string json in new[] { "{}", "{\"a\":1,\"b\":[true,null,\"x\"],\"a\":{\"c\":-2.5}}", "{\"\\u00e9\":\"\\\"\"}" })
        {
            string token = header + "." + B64Url(Encoding.UTF8.GetBytes(json)) + ".c2ln";
            Assert.Equal(_engine.Parse(token).Payload, _engine.ParsePayload(token).ToOrderedDictionary());
        }

        // A text of the wrong shape, or whose payload Parse refuses, ParsePayload refuses with the same error.
        foreach (string bad in new[] { "no-dots", header + ".e30", header + "." + B64Url(Encoding.UTF8.GetBytes("[1]")) + ".",
                     header + ".e30.e30.e30", header + ".!!.", new string('a', 70000) + ".e30." })
        {
            TokenFormatException expected = Assert.Throws<TokenFormatException>(() => _engine.Parse(bad));
            TokenFormatException actual = Assert.Throws<TokenFormatException>(() => _engine.ParsePayload(bad));
            Assert.Equal(expected.Error, actual.Error);
        }
    }
}
