using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using TwilioTokens.Engine;
using TwilioTokens.Internal;
using Twilio.Jwt.AccessToken;

namespace TwilioTokens.Benchmarks;

/// <summary>One Voice token per operation, three ways: the module's real minting path (TokenMinter through the
/// engine's ISigningKey), twilio-csharp's Token.ToJwt() (the baseline), and HMAC-SHA256 alone over the signing input
/// of one of our tokens (the floor: no JSON, no base64, no allocation; a reused HMAC instance, the fastest the BCL
/// offers, so that the floor is as low as it can be).</summary>
[MemoryDiagnoser]
public class MintBenchmarks
{
    private const string AccountSid = "AC00000000000000000000000000000001";
    private const string ApiKeySid = "SK00000000000000000000000000000001";
    private const string Secret = "fake-secret-do-not-use-0123456789";
    private const string Identity = "alice@example.com";
    private const string ApplicationSid = "APabababababababababababababababab";

    private TokenMinter _minter;
    private GrantSet _grants;
    private HashSet<IGrant> _twilioGrants;
    private HMACSHA256 _hmac;
    private byte[] _signingInput;
    private byte[] _mac;

    [GlobalSetup]
    public void Setup()
    {
        byte[] secret = Encoding.UTF8.GetBytes(Secret);
        ISigningKey key = new TokenEngine().CreateSigningKey(secret);
        _minter = new TokenMinter(key, AccountSid, ApiKeySid, 3600, null, null);
        _grants = new GrantSet(new TwilioGrant[] { new TwilioTokens.VoiceGrant { IncomingAllow = true, OutgoingApplicationSid = ApplicationSid } });
        _twilioGrants = new HashSet<IGrant> { new Twilio.Jwt.AccessToken.VoiceGrant { IncomingAllow = true, OutgoingApplicationSid = ApplicationSid } };

        string jwt = _minter.Mint(Identity, _grants).Jwt;
        _signingInput = Encoding.ASCII.GetBytes(jwt.Substring(0, jwt.LastIndexOf('.')));
        _hmac = new HMACSHA256(secret);
        _mac = new byte[32];
        Console.WriteLine($"// Signing input of one token: {_signingInput.Length} bytes; token: {jwt.Length} characters.");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _minter.Dispose();
        _hmac.Dispose();
    }

    [Benchmark(Baseline = true, Description = "twilio-csharp Token.ToJwt()")]
    public string TwilioCsharp() =>
        new Token(AccountSid, ApiKeySid, Secret, Identity, DateTime.UtcNow.AddSeconds(3600), grants: _twilioGrants).ToJwt();

    // The token's text is read, as twilio-csharp's ToJwt returns it: an AccessToken keeps ASCII bytes until asked.
    [Benchmark(Description = "engine TokenMinter.Mint, .Jwt read")]
    public string Engine() => _minter.Mint(Identity, _grants).Jwt;

    [Benchmark(Description = "HMAC-SHA256 floor")]
    public bool HmacFloor() => _hmac.TryComputeHash(_signingInput, _mac, out _);
}
