using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using TwilioTokens.Engine;
using TwilioTokens.Internal;
using Xunit;

namespace TwilioTokens.Engine.Tests;

public class EngineTests
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("fake-secret-do-not-use-0123456789");
    private readonly TokenEngine _engine = new();

    private static string B64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string B64Url(string text) => B64Url(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void SignsHs256ThatTheBclAgreesWith()
    {
        using ISigningKey key = _engine.CreateSigningKey(Secret);
        string jwt = key.CreateToken(new Dictionary<string, object> { ["cty"] = "twilio-fpa;v=1" },
            new Dictionary<string, object> { ["iss"] = "SK1", ["exp"] = 123L, ["grants"] = new Dictionary<string, object> { ["identity"] = "a" } });
        string[] parts = jwt.Split('.');
        Assert.Equal(3, parts.Length);
        using var hmac = new HMACSHA256(Secret);
        Assert.Equal(B64Url(hmac.ComputeHash(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]))), parts[2]);
    }

    /// <summary>Every way a key can compute its HMAC: the platform's (on .NET Core through the span overload, which
    /// writes each MAC into a buffer of its own; Windows PowerShell's .NET Framework has only the byte[] one) and
    /// OpenSSL's SHA-256 called directly (Linux). Each must sign and verify as the BCL's HMACSHA256 does, token after
    /// token (the buffers are reused), with an empty, a short, a 33-byte, a one-block, a just-over-one-block and a long
    /// secret (longer than a block, a key is replaced by its hash).</summary>
    private static IEnumerable<Func<byte[], HmacSha256>> HmacKinds()
    {
        yield return key => new PlatformHmacSha256(key, withoutSpanOverload: false);
        yield return key => new PlatformHmacSha256(key, withoutSpanOverload: true);
        if (OpenSslHmacSha256.IsAvailable) yield return key => OpenSslHmacSha256.TryCreate(key);
    }

    private static readonly byte[][] s_secretsOfEveryLength =
    {
        Secret, Array.Empty<byte>(), Encoding.UTF8.GetBytes("short"), new byte[63], Enumerable.Range(0, 64).Select(i => (byte)i).ToArray(),
        Enumerable.Range(0, 65).Select(i => (byte)(255 - i)).ToArray(), Enumerable.Range(0, 200).Select(i => (byte)(i * 7)).ToArray(),
    };

    [Fact]
    public void SignsAndVerifiesAlikeThroughEveryHmac()
    {
        foreach (byte[] secret in s_secretsOfEveryLength)
        {
            using var bcl = new HMACSHA256(secret);
            foreach (Func<byte[], HmacSha256> kind in HmacKinds())
            {
                using var key = new Hs256SigningKey(secret, kind);
                for (int i = 0; i < 5; i++)
                {
                    string input = B64Url("{}") + "." + B64Url("{\"i\":" + i + "}");
                    byte[] expected = bcl.ComputeHash(Encoding.ASCII.GetBytes(input));
                    Assert.True(key.VerifySignature(input, input.Length, expected));
                    Assert.False(key.VerifySignature(input + "x", input.Length + 1, expected));
                }
            }
        }

        using ISigningKey usual = _engine.CreateSigningKey(Secret);
        foreach (Func<byte[], HmacSha256> kind in HmacKinds())
        {
            using var signing = new Hs256SigningKey(Secret, kind);
            for (int i = 0; i < 3; i++)
            {
                var payload = new Dictionary<string, object> { ["i"] = (long)i };
                Assert.Equal(usual.CreateToken(new Dictionary<string, object>(), payload), signing.CreateToken(new Dictionary<string, object>(), payload));
            }
        }
    }

    [Fact]
    public void EveryHmacGivesTheBclsMacForMessagesOfEveryLengthAroundTheBlocks()
    {
        var random = new Random(20261128);
        foreach (byte[] secret in s_secretsOfEveryLength)
        {
            using var bcl = new HMACSHA256(secret);
            foreach (Func<byte[], HmacSha256> kind in HmacKinds())
            {
                using HmacSha256 hmac = kind(secret);
                for (int length = 0; length <= 300; length++)
                {
                    // At an offset inside a larger buffer, as the writer hands it over.
                    var buffer = new byte[length + 9];
                    random.NextBytes(buffer);
                    Assert.Equal(bcl.ComputeHash(buffer, 4, length), hmac.Hash(buffer, 4, length).ToArray());
                }
            }
        }
    }

    /// <summary>The OpenSSL HMAC starts each MAC from its state after the first block it last saw, when the message
    /// begins with that block (a run's tokens all do). Messages that share it, differ from it in its first or last byte,
    /// are too short to have it, or come back to it after another, in turn, must each get the BCL's MAC; so must one
    /// longer than the OpenSSL HMAC hashes without leaving cooperative mode (2 KB).</summary>
    [Fact]
    public void EveryHmacGivesTheBclsMacForMessagesThatShareTheirFirstBlockOrNot()
    {
        var random = new Random(20261129);
        var first = new byte[64];
        random.NextBytes(first);
        byte[] Message(int length, int changedAt)
        {
            var message = new byte[length];
            random.NextBytes(message);
            Array.Copy(first, message, Math.Min(length, first.Length));
            if (changedAt >= 0 && changedAt < length) message[changedAt] ^= 1;
            return message;
        }

        var messages = new List<byte[]>();
        foreach (int length in new[] { 526, 63, 64, 65, 127, 128, 129, 300, 526, 2048, 2049, 20000 })
        {
            foreach (int changedAt in new[] { -1, 0, 63, -1, 64, -1 })
            {
                messages.Add(Message(length, changedAt));
            }
        }

        foreach (byte[] secret in s_secretsOfEveryLength)
        {
            using var bcl = new HMACSHA256(secret);
            foreach (Func<byte[], HmacSha256> kind in HmacKinds())
            {
                using HmacSha256 hmac = kind(secret);
                foreach (byte[] message in messages)
                {
                    // At an offset, as the writer hands it over.
                    var buffer = new byte[message.Length + 7];
                    message.CopyTo(buffer, 3);
                    Assert.Equal(bcl.ComputeHash(message), hmac.Hash(buffer, 3, message.Length).ToArray());
                }
            }
        }
    }

    [Fact]
    public void UsesOpenSslsShaDirectlyOnLinuxAndThePlatformsHmacElsewhere()
    {
        using var key = (Hs256SigningKey)_engine.CreateSigningKey(Secret);
        if (OperatingSystem.IsLinux())
        {
            Assert.True(OpenSslHmacSha256.IsAvailable);
            Assert.IsType<OpenSslHmacSha256>(key.Hmac);
        }
        else
        {
            Assert.IsType<PlatformHmacSha256>(key.Hmac);
        }

        Assert.True(new PlatformHmacSha256(Secret).UsesSpanOverload);
    }

    [Fact]
    public void LeavesFipsModeToThePlatformsHmacAndGenerator()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "1\n");
            Assert.True(FipsMode.IsOnAccordingTo(path));
            File.WriteAllText(path, "0\n");
            Assert.False(FipsMode.IsOnAccordingTo(path));
        }
        finally
        {
            File.Delete(path);
        }

        Assert.False(FipsMode.IsOnAccordingTo(path));
        if (OperatingSystem.IsLinux())
        {
            // This machine is not in FIPS mode, and then the direct path is the one taken.
            Assert.Equal(FipsMode.IsOn, !OpenSslHmacSha256.IsAvailable);
            Assert.Equal(FipsMode.IsOn, !SystemRandom.UsesGetRandom);
        }
    }

    [Fact]
    public void ADisposedOpenSslHmacRefusesToHashAndKeepsNoMac()
    {
        if (!OpenSslHmacSha256.IsAvailable) return;
        HmacSha256 hmac = OpenSslHmacSha256.TryCreate(Secret);
        byte[] mac = hmac.Hash(new byte[10], 0, 10);
        Assert.Contains(mac, b => b != 0);
        hmac.Dispose();
        Assert.All(mac, b => Assert.Equal(0, b));
        Assert.Throws<ObjectDisposedException>(() => hmac.Hash(new byte[10], 0, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => OpenSslHmacSha256.TryCreate(Secret).Hash(new byte[10], 4, 7));
    }

    [Fact]
    public void WritesTypCtyAndAlgInTheHeader()
    {
        using ISigningKey key = _engine.CreateSigningKey(Secret);
        string jwt = key.CreateToken(new Dictionary<string, object> { ["cty"] = "twilio-fpa;v=1", ["twr"] = "ie1" }, new Dictionary<string, object>());
        ParsedJwt parsed = _engine.Parse(jwt);
        Assert.Equal("HS256", parsed.Header["alg"]);
        Assert.Equal("JWT", parsed.Header["typ"]);
        Assert.Equal("twilio-fpa;v=1", parsed.Header["cty"]);
        Assert.Equal("ie1", parsed.Header["twr"]);
    }

    [Fact]
    public void VerifiesItsOwnSignatureAndRejectsAnAlteredOne()
    {
        using ISigningKey key = _engine.CreateSigningKey(Secret);
        ParsedJwt parsed = _engine.Parse(key.CreateToken(new Dictionary<string, object>(), new Dictionary<string, object> { ["a"] = "b" }));
        Assert.True(key.VerifySignature(parsed.Token, parsed.SigningInputLength, parsed.Signature));
        string tampered = parsed.Token.Substring(0, parsed.SigningInputLength) + "x";
        Assert.False(key.VerifySignature(tampered, tampered.Length, parsed.Signature));
        byte[] flipped = (byte[])parsed.Signature.Clone();
        flipped[0] ^= 1;
        Assert.False(key.VerifySignature(parsed.Token, parsed.SigningInputLength, flipped));
        Assert.False(key.VerifySignature(parsed.Token, parsed.SigningInputLength, Array.Empty<byte>()));
    }

    [Fact]
    public void VerifiesWithSecretsTooShortForIdentityModel()
    {
        byte[] shortSecret = Encoding.UTF8.GetBytes("short");
        using var hmac = new HMACSHA256(shortSecret);
        string input = B64Url("{}") + "." + B64Url("{}");
        using ISigningKey key = _engine.CreateSigningKey(shortSecret);
        Assert.True(key.VerifySignature(input, input.Length, hmac.ComputeHash(Encoding.ASCII.GetBytes(input))));
        Assert.Throws<InvalidOperationException>(() => key.CreateToken(new Dictionary<string, object>(), new Dictionary<string, object>()));
    }

    [Fact]
    public void ClearsItsCopyOfTheSecretButNotTheCallers()
    {
        byte[] secret = (byte[])Secret.Clone();
        ISigningKey key = _engine.CreateSigningKey(secret);
        key.Dispose();
        Assert.Equal(Secret, secret);
    }

    [Fact]
    public void ParsesJsonIntoOrderedBclShapes()
    {
        string jwt = B64Url("{\"b\":1,\"a\":2}") + "." + B64Url("{\"n\":1.5,\"i\":7,\"s\":\"x\",\"t\":true,\"z\":null,\"arr\":[1,\"a\"],\"o\":{\"k\":\"v\"}}") + ".";
        ParsedJwt parsed = _engine.Parse(jwt);
        Assert.Equal(new object[] { "b", "a" }, new List<object>(CastKeys(parsed.Header)).ToArray());
        Assert.Equal(1.5, parsed.Payload["n"]);
        Assert.Equal(7L, parsed.Payload["i"]);
        Assert.Equal("x", parsed.Payload["s"]);
        Assert.Equal(true, parsed.Payload["t"]);
        Assert.Null(parsed.Payload["z"]);
        Assert.Equal(new object[] { 1L, "a" }, (object[])parsed.Payload["arr"]);
        Assert.Equal("v", ((OrderedDictionary)parsed.Payload["o"])["k"]);
        Assert.Empty(parsed.Signature);
        Assert.Equal(jwt.Substring(0, jwt.LastIndexOf('.')), parsed.Token.Substring(0, parsed.SigningInputLength));
    }

    [Fact]
    public void KeysAreCaseSensitive()
    {
        ParsedJwt parsed = _engine.Parse(B64Url("{\"alg\":\"x\",\"ALG\":\"y\"}") + "." + B64Url("{}") + ".");
        Assert.Equal("x", parsed.Header["alg"]);
        Assert.Equal("y", parsed.Header["ALG"]);
    }

    [Theory]
    [InlineData("abc", TokenFormatError.NotThreeParts)]
    [InlineData("a.b", TokenFormatError.NotThreeParts)]
    [InlineData("a.b.c.d", TokenFormatError.NotThreeParts)]
    [InlineData("e30=.e30.", TokenFormatError.InvalidBase64Url)]
    [InlineData("e30.e3 0.", TokenFormatError.InvalidBase64Url)]
    [InlineData("e30.e30.a", TokenFormatError.InvalidBase64Url)]
    [InlineData("e30.bm90anNvbg.", TokenFormatError.InvalidJson)]
    [InlineData("WzFd.e30.", TokenFormatError.NotJsonObject)]
    [InlineData("e30.IngiCg.", TokenFormatError.NotJsonObject)]
    public void RefusesMalformedTokens(string token, TokenFormatError expected)
    {
        var e = Assert.Throws<TokenFormatException>(() => _engine.Parse(token));
        Assert.Equal(expected, e.Error);
    }

    [Fact]
    public void RefusesHugeTokensBeforeDecoding()
    {
        var e = Assert.Throws<TokenFormatException>(() => _engine.Parse(new string('a', CompactJwtParser.MaxTokenLength + 1)));
        Assert.Equal(TokenFormatError.TooLarge, e.Error);
    }

    [Fact]
    public void MessagesNeverQuoteTheToken()
    {
        const string marker = "c2VjcmV0LWlzaA";
        var e = Assert.Throws<TokenFormatException>(() => _engine.Parse(marker + "." + marker));
        Assert.DoesNotContain(marker, e.Message);
    }

    private static IEnumerable<object> CastKeys(OrderedDictionary d)
    {
        foreach (object k in d.Keys) yield return k;
    }
}
