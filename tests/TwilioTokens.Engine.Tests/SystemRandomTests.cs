using System;
using System.Collections.Generic;
using TwilioTokens.Internal;
using Xunit;

namespace TwilioTokens.Engine.Tests;

/// <summary>The random source of token ids: getrandom(2) on Linux, the platform's generator elsewhere; either way every
/// byte of the buffer is drawn, whatever its size.</summary>
public class SystemRandomTests
{
    [Fact]
    public void DrawsFromGetRandomOnLinuxOnly() => Assert.Equal(OperatingSystem.IsLinux() && !FipsMode.IsOn, SystemRandom.UsesGetRandom);

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(4096)]
    [InlineData(1 << 20)]
    public void FillsEveryByteOfBuffersOfAnySize(int length)
    {
        // Each position, over 64 draws, takes more than one value: a part left unfilled (zero) would not.
        var seen = new HashSet<byte>[Math.Min(length, 4096)];
        for (int i = 0; i < seen.Length; i++) seen[i] = new HashSet<byte>();
        var buffer = new byte[length];
        for (int draw = 0; draw < 64; draw++)
        {
            Array.Clear(buffer);
            SystemRandom.Fill(buffer);
            for (int i = 0; i < seen.Length; i++) seen[i].Add(buffer[length - seen.Length + i]);
        }

        Assert.All(seen, values => Assert.True(values.Count > 1));
    }

    [Fact]
    public void DrawsNoTwoEqualTokenIds()
    {
        var ids = new HashSet<string>();
        var pool = new byte[16 * 256];
        for (int round = 0; round < 40; round++)
        {
            SystemRandom.Fill(pool);
            for (int at = 0; at < pool.Length; at += 16) Assert.True(ids.Add(Convert.ToHexString(pool, at, 16)));
        }
    }

    [Fact]
    public void AcceptsAnEmptyBuffer() => SystemRandom.Fill(Array.Empty<byte>());
}
