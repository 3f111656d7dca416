using System;
using System.Text;
using Xunit;

namespace TwilioTokens.Engine.Tests;

/// <summary>The engine's own base64url coder (used instead of the runtime's, see HotPath) against the BCL's
/// Convert, the oracle for base64.</summary>
public class Base64UrlTests
{
    private static string BclUrl(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [Fact]
    public void EncodesAndDecodesEveryLengthAsTheBclDoes()
    {
        var random = new Random(20261127);
        for (int length = 0; length < 200; length++)
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            string expected = BclUrl(bytes);

            // Exactly the encoded length: the encoder must neither need more room nor write past it.
            Assert.Equal(expected.Length, Base64Url.EncodedLength(length));
            var encoded = new byte[Base64Url.EncodedLength(length) + 1];
            encoded[^1] = (byte)'!';
            int written = Base64Url.Encode(bytes, encoded.AsSpan(0, encoded.Length - 1));
            Assert.Equal(expected, Encoding.ASCII.GetString(encoded, 0, written));
            Assert.Equal((byte)'!', encoded[^1]);

            string framed = "x." + expected + ".y";
            var decoded = new byte[Base64Url.DecodedLength(expected.Length)];
            int count = Base64Url.TryDecode(framed, 2, expected.Length, decoded, out int invalidAt);
            Assert.Equal(-1, invalidAt);
            Assert.Equal(length, decoded.Length);
            Assert.Equal(bytes, decoded.AsSpan(0, count).ToArray());
        }
    }

    [Theory]
    [InlineData("ab+c", 2)]
    [InlineData("abc/", 3)]
    [InlineData("ab=", 2)]
    [InlineData("abcdé", 4)]
    [InlineData("abcde f", 5)]
    [InlineData("\u0100bcd", 0)]
    [InlineData("abcd\u0000", 4)]
    public void NamesTheFirstCharacterOutsideTheAlphabet(string text, int index)
    {
        var destination = new byte[Base64Url.DecodedLength(text.Length)];
        Assert.Equal(-1, Base64Url.TryDecode(text, 0, text.Length, destination, out int invalidAt));
        Assert.Equal(index, invalidAt);
    }

    [Fact]
    public void RefusesALengthNoBase64TextHas()
    {
        var destination = new byte[8];
        Assert.Equal(-1, Base64Url.TryDecode("abcde", 0, 5, destination, out int invalidAt));
        Assert.Equal(-1, invalidAt);
    }

    [Fact]
    public void IgnoresTheUnusedBitsOfTheLastCharacterAsConvertDoes()
    {
        // "e31" carries the bits of "{}" plus one set bit the decoder drops, as Convert.FromBase64String does.
        var destination = new byte[4];
        int count = Base64Url.TryDecode("e31", 0, 3, destination, out _);
        Assert.Equal(Convert.FromBase64String("e31="), destination.AsSpan(0, count).ToArray());
    }
}
