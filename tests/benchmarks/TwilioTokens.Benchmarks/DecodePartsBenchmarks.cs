using System;
using System.Text;
using BenchmarkDotNet.Attributes;
using TwilioTokens.Engine;
using TwilioTokens.Internal;

namespace TwilioTokens.Benchmarks;

/// <summary>The parts of decoding one Voice token, timed alone, to see what dominates ConvertFrom-TwilioAccessToken's
/// own share (run with --filter *DecodeParts*; not part of the goals).</summary>
[MemoryDiagnoser]
public class DecodePartsBenchmarks
{
    private string _jwt;
    private byte[] _payloadJson;
    private ParsedJwt _parsed;
    private readonly DateTime _now = DateTime.UtcNow;

    [GlobalSetup]
    public void Setup()
    {
        byte[] secret = Encoding.UTF8.GetBytes("fake-secret-do-not-use-0123456789");
        var minter = new TokenMinter(new TokenEngine().CreateSigningKey(secret), "AC00000000000000000000000000000001",
            "SK00000000000000000000000000000001", 3600, null, null);
        var grants = new GrantSet(new TwilioGrant[] { new VoiceGrant { IncomingAllow = true } });
        _jwt = minter.Mint("user12345", grants).Jwt;
        string part = _jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        _payloadJson = Convert.FromBase64String(part.PadRight(part.Length + (4 - part.Length % 4) % 4, '='));
        _parsed = CompactJwtParser.Parse(_jwt);
    }

    [Benchmark(Description = "CompactJwtParser.Parse")]
    public ParsedJwt Parse() => CompactJwtParser.Parse(_jwt);

    [Benchmark(Description = "JsonValues.ReadObject of the payload")]
    public JsonObject ReadPayload() => JsonValues.ReadObject(_payloadJson);

    [Benchmark(Description = "the payload through Utf8JsonReader (the general path)")]
    public JsonObject ReadPayloadGenerally() => JsonValues.ReadWithUtf8JsonReader(_payloadJson);

    [Benchmark(Description = "TokenDecoder.Decode (parsed already)")]
    public DecodedAccessToken Decode() => TokenDecoder.Decode(_parsed, null, null, _now);

    [Benchmark(Description = "Parse + Decode")]
    public DecodedAccessToken ParseAndDecode() => TokenDecoder.Decode(CompactJwtParser.Parse(_jwt), null, null, _now);

    // As ConvertFrom-TwilioAccessToken reads a run of tokens: the run's shared values (header, SIDs, integers) are
    // found again, so only what differs between tokens is made.
    private readonly RepeatedValues _repeated = new RepeatedValues();

    [Benchmark(Description = "Parse + Decode with a run's shared values")]
    public DecodedAccessToken ParseAndDecodeInRun() => TokenDecoder.Decode(CompactJwtParser.Parse(_jwt, _repeated), null, null, _now);

    // As ConvertFrom-TwilioAccessToken reads its tokens since the seventh round: after the first two tokens of a run,
    // skimmed (the header and grants of the tokens before, no JSON objects built).
    private readonly RepeatedValues _run = new RepeatedValues();
    private readonly TokenEngine _engine = new TokenEngine();

    [Benchmark(Description = "TokenDecoder.Read in a run (skimmed)")]
    public DecodedAccessToken ReadInRun() => TokenDecoder.Read(_engine, _jwt, _run, null, null, _now, out _);
}
