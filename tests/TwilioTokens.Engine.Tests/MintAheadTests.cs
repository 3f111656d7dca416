using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using TwilioTokens.Internal;
using Xunit;

namespace TwilioTokens.Engine.Tests;

/// <summary>WorkAhead mints on a thread of its own for New-TwilioAccessToken: results come back in request order, and
/// once Dispose returns nothing signs any more, so the cmdlet may dispose the key (and its copy of the secret).</summary>
public class MintAheadTests
{
    /// <summary>As New-TwilioAccessToken sets it up.</summary>
    private static WorkAhead<MintRequest> MintAhead(TokenMinter minter) => new((ref MintRequest request) => request.Mint(minter), 256, 4);

    private const string AccountSid = "AC00000000000000000000000000000001";
    private const string ApiKeySid = "SK00000000000000000000000000000001";

    /// <summary>Signs by spinning for a while and records what it was asked; its "token text" is the identity.</summary>
    private sealed class RecordingKey : ISigningKey
    {
        private readonly TimeSpan _signingTime;
        public int Signed;
        public int SignedAfterDispose;
        public volatile bool Disposed;
        public readonly List<string> Identities = new();

        public RecordingKey(TimeSpan signingTime) => _signingTime = signingTime;

        public IAccessTokenText SignAccessToken(AccessTokenClaims claims, out TokenMac mac)
        {
            if (Disposed) Interlocked.Increment(ref SignedAfterDispose);
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < _signingTime) Thread.SpinWait(20);
            lock (Identities) Identities.Add(claims.Identity);
            Interlocked.Increment(ref Signed);
            mac = default;
            return new IdentityText();
        }

        public string CreateToken(IDictionary<string, object> extraHeader, IDictionary<string, object> payload) => throw new NotSupportedException();

        public bool VerifySignature(string signingInput, byte[] signature) => throw new NotSupportedException();

        public ISigningKey Copy() => throw new NotSupportedException();

        public void Dispose() => Disposed = true;

        private sealed class IdentityText : IAccessTokenText
        {
            public string Write(string identity, ulong idHigh, ulong idLow, long issuedAt, long expiresAt, TokenMac mac) => identity;
        }
    }

    [Fact]
    public void HandsBackEveryRequestInOrderWithItsTokenOrItsError()
    {
        var key = new RecordingKey(TimeSpan.Zero);
        using var minter = new TokenMinter(key, AccountSid, ApiKeySid, 3600, null, null);
        var results = new List<MintRequest>();
        using (var ahead = MintAhead(minter))
        {
            for (int i = 0; i < 3000; i++)
            {
                ErrorRecord error = i % 7 == 3 ? new ErrorRecord(new ArgumentException("bad"), "InvalidIdentity", ErrorCategory.InvalidArgument, "user" + i) : null;
                ahead.Add(new MintRequest { Identity = "user" + i, Grants = GrantSet.Empty, Error = error, Warnings = i % 11 == 5 ? new List<string> { "warned " + i } : null });
                if (i % 100 == 99) results.AddRange(ahead.TakeFinished(all: false));
            }

            results.AddRange(ahead.TakeFinished(all: true));
        }

        Assert.Equal(Enumerable.Range(0, 3000).Select(i => "user" + i), results.Select(r => r.Identity));
        for (int i = 0; i < results.Count; i++)
        {
            MintRequest result = results[i];
            Assert.Equal(i % 7 == 3, result.Error != null);
            Assert.Equal(i % 7 == 3 ? null : "user" + i, result.Token?.Jwt);
            Assert.Equal(i % 11 == 5 ? "warned " + i : null, result.Warnings?.Single());
            Assert.Null(result.SigningFailure);
        }

        // Requests with an error are not signed.
        Assert.Equal(results.Count(r => r.Error == null), key.Signed);
    }

    [Fact]
    public void StopsWithoutSigningWhatIsQueuedAndWaitsForTheTokenBeingSigned()
    {
        var key = new RecordingKey(TimeSpan.FromMilliseconds(0.2));
        var minter = new TokenMinter(key, AccountSid, ApiKeySid, 3600, null, null);
        var ahead = MintAhead(minter);
        for (int i = 0; i < 5000; i++)
        {
            ahead.Add(new MintRequest { Identity = "user" + i, Grants = GrantSet.Empty });
        }

        Thread.Sleep(30);
        ahead.Dispose();
        minter.Dispose();
        int signedWhenDisposed = key.Signed;
        Thread.Sleep(50);

        Assert.Equal(signedWhenDisposed, key.Signed);
        Assert.Equal(0, key.SignedAfterDispose);
        Assert.InRange(signedWhenDisposed, 1, 2500); // about 150 in 30 ms; all 4,864 submitted would take a second
        Assert.Equal(Enumerable.Range(0, signedWhenDisposed).Select(i => "user" + i), key.Identities);
    }

    [Fact]
    public void HandsBackASigningFailureAsTheRequestsResult()
    {
        using var minter = new TokenMinter(new FailingKey(), AccountSid, ApiKeySid, 3600, null, null);
        using var ahead = MintAhead(minter);
        ahead.Add(new MintRequest { Identity = "alice", Grants = GrantSet.Empty });
        MintRequest result = ahead.TakeFinished(all: true).Single();
        Assert.Null(result.Token);
        Assert.IsType<InvalidOperationException>(result.SigningFailure);
    }

    private sealed class FailingKey : ISigningKey
    {
        public IAccessTokenText SignAccessToken(AccessTokenClaims claims, out TokenMac mac) => throw new InvalidOperationException("no");

        public string CreateToken(IDictionary<string, object> extraHeader, IDictionary<string, object> payload) => throw new NotSupportedException();

        public bool VerifySignature(string signingInput, byte[] signature) => throw new NotSupportedException();

        public ISigningKey Copy() => throw new NotSupportedException();

        public void Dispose() { }
    }

    private struct Numbered
    {
        public int Index;
        public string DoneBy;
    }

    /// <summary>When the worker is behind, the pipeline's thread does queued batches with its own work instead of
    /// waiting; each item is still done once and handed back in order.</summary>
    [Fact]
    public void ThePipelinesThreadDoesQueuedBatchesWhileTheWorkerIsBehind()
    {
        var done = new int[3000];
        var results = new List<Numbered>();
        using (var ahead = new WorkAhead<Numbered>(
                   (ref Numbered item) => { Thread.Sleep(1); Interlocked.Increment(ref done[item.Index]); item.DoneBy = "worker"; }, 16, 2,
                   (ref Numbered item) => { Interlocked.Increment(ref done[item.Index]); item.DoneBy = "helper"; }))
        {
            for (int i = 0; i < done.Length; i++)
            {
                ahead.Add(new Numbered { Index = i });
                results.AddRange(ahead.TakeFinished(all: false));
            }

            results.AddRange(ahead.TakeFinished(all: true));
        }

        Assert.Equal(Enumerable.Range(0, done.Length), results.Select(r => r.Index));
        Assert.All(done, count => Assert.Equal(1, count));
        Assert.Contains(results, r => r.DoneBy == "worker");
        Assert.True(results.Count(r => r.DoneBy == "helper") > done.Length / 2, "the pipeline's thread did most of the work");
    }
}
