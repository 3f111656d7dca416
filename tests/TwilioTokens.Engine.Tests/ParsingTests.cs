using System;
using System.Collections.Specialized;
using System.Linq;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using TwilioTokens.Internal;
using Xunit;

namespace TwilioTokens.Engine.Tests;

/// <summary>Taking tokens apart: BCL shapes for scripts, and every malformed token a TokenFormatException of its kind.</summary>
public class ParsingTests
{
    private readonly TokenEngine _engine = new();

    private static string B64Url(string text) => Base64UrlEncoder.Encode(text);

    private ParsedJwt ParsePayload(string json) => _engine.Parse(B64Url("{}") + "." + B64Url(json) + ".");

    private TokenFormatException Refused(string token) => Assert.Throws<TokenFormatException>(() => _engine.Parse(token));

    [Fact]
    public void ParsesJsonIntoOrderedBclShapes()
    {
        string jwt = B64Url("{\"b\":1,\"a\":2}") + "." + B64Url("{\"n\":1.5,\"i\":7,\"s\":\"x\",\"t\":true,\"z\":null,\"arr\":[1,\"a\"],\"o\":{\"k\":\"v\"}}") + ".";
        ParsedJwt parsed = _engine.Parse(jwt);
        Assert.Equal(new object[] { "b", "a" }, parsed.Header.Keys.Cast<object>().ToArray());
        Assert.Equal(1.5, parsed.Payload["n"]);
        Assert.Equal(7L, parsed.Payload["i"]);
        Assert.Equal("x", parsed.Payload["s"]);
        Assert.Equal(true, parsed.Payload["t"]);
        Assert.True(parsed.Payload.Contains("z"));
        Assert.Null(parsed.Payload["z"]);
        Assert.Equal(new object[] { 1L, "a" }, (object[])parsed.Payload["arr"]);
        Assert.Equal("v", ((OrderedDictionary)parsed.Payload["o"])["k"]);
        Assert.Empty(parsed.Signature);
        Assert.Equal(jwt.Substring(0, jwt.LastIndexOf('.')), parsed.Token.Substring(0, parsed.SigningInputLength));
    }

    [Fact]
    public void KeepsTheFirstPlaceAndTheLastValueOfARepeatedNameAndNamesAreCaseSensitive()
    {
        OrderedDictionary payload = ParsePayload("{\"a\":1,\"b\":2,\"a\":3,\"A\":4}").Payload;
        Assert.Equal(new object[] { "a", "b", "A" }, payload.Keys.Cast<object>().ToArray());
        Assert.Equal(3L, payload["a"]);
        Assert.Equal(4L, payload["A"]);
    }

    [Fact]
    public void ReadsEscapedNamesAndValuesLikeAnyOther()
    {
        OrderedDictionary payload = ParsePayload("{\"\\u0069ss\":\"SK\\u0031\",\"grants\":{\"identity\":\"al\\\"ice\\u00e9\"}}").Payload;
        Assert.Equal("SK1", payload["iss"]);
        Assert.Equal("al\"iceé", ((OrderedDictionary)payload["grants"])["identity"]);
    }

    [Theory]
    [InlineData("abc", "NotThreeParts")]
    [InlineData("a.b", "NotThreeParts")]
    [InlineData("a.b.c.d", "NotThreeParts")]
    [InlineData("e30=.e30.", "InvalidBase64Url")]
    [InlineData("e30.e30=.", "InvalidBase64Url")]
    [InlineData("e30.e3\t0.", "InvalidBase64Url")]
    [InlineData("e30.e3 0.", "InvalidBase64Url")]
    [InlineData("e30.e30.a", "InvalidBase64Url")]
    [InlineData("e30.e+30.sig", "InvalidBase64Url")]
    [InlineData("e30.e/30.sig", "InvalidBase64Url")]
    [InlineData("e30.bm90anNvbg.", "InvalidJson")]
    [InlineData("WzFd.e30.", "NotJsonObject")]
    [InlineData("e30.IngiCg.", "NotJsonObject")]
    public void RefusesMalformedTokens(string token, string expected) => Assert.Equal(expected, Refused(token).Error.ToString());

    [Theory]
    [InlineData("e30.e3 0.", "payload", "' '")]
    [InlineData("e30.e30.si\u00e9g", "signature", "'U+00E9'")]
    [InlineData("e30.e30.sig\n", "signature", "'U+000A'")]
    [InlineData("e30.e30.a", "signature", "length cannot be decoded")]
    public void SaysWhichPartAndWhichCharacterIsNotBase64Url(string token, string part, string why)
    {
        TokenFormatException e = Refused(token);
        Assert.Contains($"token's {part} is not base64url", e.Message);
        Assert.Contains(why, e.Message);
    }

    /// <summary>'e31' decodes to "{}" as 'e30' does, its last character setting bits that carry no data: not the text
    /// that was signed, in any of the three parts.</summary>
    [Theory]
    [InlineData("e31.e30.", "header")]
    [InlineData("e30.e31.", "payload")]
    [InlineData("e30.e30.e31", "signature")]
    [InlineData("e30.e30.AAB", "signature")]
    [InlineData("e30.e30.AAAAAB", "signature")]
    public void RefusesNonCanonicalBase64Url(string token, string part)
    {
        TokenFormatException e = Refused(token);
        Assert.Equal(TokenFormatError.InvalidBase64Url, e.Error);
        Assert.Contains($"token's {part} is not base64url", e.Message);
        Assert.Contains("not canonical", e.Message);
        Assert.NotNull(_engine.Parse("e30.e30.AAA"));
    }

    [Theory]
    [InlineData("{}{}")]
    [InlineData("{} x")]
    [InlineData("{\"a\":}")]
    [InlineData("{\"a\":1,}")]
    [InlineData("")]
    [InlineData("[1")]
    [InlineData("{\"a\":1} // comment")]
    public void RefusesInvalidJson(string json) => Assert.Equal(TokenFormatError.InvalidJson, Assert.Throws<TokenFormatException>(() => ParsePayload(json)).Error);

    [Fact]
    public void RefusesAStringThatIsNotUtf8AsInvalidJson()
    {
        byte[] json = { (byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}' };
        Assert.Equal(TokenFormatError.InvalidJson, Refused(B64Url("{}") + "." + Base64UrlEncoder.Encode(json) + ".").Error);
    }

    [Theory]
    [InlineData("[{}]")]
    [InlineData("12")]
    [InlineData("null")]
    public void RefusesValidJsonThatIsNotAnObject(string json) =>
        Assert.Equal(TokenFormatError.NotJsonObject, Assert.Throws<TokenFormatException>(() => ParsePayload(json)).Error);

    [Fact]
    public void RefusesHugeTokensBeforeDecoding() =>
        Assert.Equal(TokenFormatError.TooLarge, Refused(new string('a', CompactJwtReader.MaxTokenLength + 1)).Error);

    [Fact]
    public void MessagesNeverQuoteTheToken()
    {
        const string marker = "c2VjcmV0LWlzaA";
        foreach (string token in new[] { marker + "." + marker, marker + "." + marker + ".", "e30." + marker + "!.", marker + "x.e30." })
        {
            Assert.DoesNotContain(marker, Refused(token).Message);
        }
    }
}
