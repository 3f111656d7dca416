using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.IdentityModel.Tokens;
using TwilioTokens.Engine;
using TwilioTokens.Internal;

namespace TwilioTokens.Benchmarks;

/// <summary>The parts of one minting, timed alone, to see what dominates MintBenchmarks' engine figure
/// (run with --filter *MintParts*; not part of the goals).</summary>
[MemoryDiagnoser]
public class MintPartsBenchmarks
{
    private ISigningKey _key;
    private Dictionary<string, object> _header;
    private Dictionary<string, object> _payload;
    private SymmetricSignatureProvider _provider;
    private RandomNumberGenerator _random;
    private byte[] _signingInput;
    private readonly byte[] _idBytes = new byte[16];
    private HMACSHA256 _hmac;
    private IncrementalHash _incremental;
    private HmacSha256 _openSsl;
    private byte[] _secret;
    private readonly byte[] _mac = new byte[32];
    private CompactJwsWriter _writer;
    private byte[] _payloadJson;
    private readonly byte[] _encoded = new byte[2048];
    private TokenMinter _minter;
    private AccessTokenClaims _claims;
    private GrantSet _grants;
    private IAccessTokenText _text;
    private TokenMac _signedMac;

    [GlobalSetup]
    public void Setup()
    {
        byte[] secret = Encoding.UTF8.GetBytes("fake-secret-do-not-use-0123456789");
        _key = new TokenEngine().CreateSigningKey(secret);
        _header = new Dictionary<string, object> { ["cty"] = "twilio-fpa;v=1" };
        _payload = new Dictionary<string, object>
        {
            ["jti"] = "SK00000000000000000000000000000001-0123456789abcdef0123456789abcdef",
            ["iss"] = "SK00000000000000000000000000000001",
            ["sub"] = "AC00000000000000000000000000000001",
            ["iat"] = 1795810113L,
            ["exp"] = 1795813713L,
            ["grants"] = new Dictionary<string, object>
            {
                ["identity"] = "alice@example.com",
                ["voice"] = new Dictionary<string, object>
                {
                    ["incoming"] = new Dictionary<string, object> { ["allow"] = true },
                    ["outgoing"] = new Dictionary<string, object> { ["application_sid"] = "APabababababababababababababababab" },
                },
            },
        };
        _provider = new SymmetricSignatureProvider(new SymmetricSecurityKey(secret), SecurityAlgorithms.HmacSha256, true);
        _random = RandomNumberGenerator.Create();
        _secret = secret;
        _hmac = new HMACSHA256(secret);
        _incremental = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, secret);
        _openSsl = OpenSslHmacSha256.TryCreate(secret) ?? HmacSha256.Create(secret);
        string jwt = _key.CreateToken(_header, _payload);
        _signingInput = Encoding.ASCII.GetBytes(jwt.Substring(0, jwt.LastIndexOf('.')));
        _writer = new CompactJwsWriter();
        _payloadJson = Convert.FromBase64String(PadBase64(jwt.Split('.')[1]));
        _minter = new TokenMinter(new TokenEngine().CreateSigningKey(secret), "AC00000000000000000000000000000001",
            "SK00000000000000000000000000000001", 3600, null, null);
        _claims = new AccessTokenClaims
        {
            ExtraHeader = _header,
            IdHigh = 0x0123456789abcdef, // the jti of _payload
            IdLow = 0x0123456789abcdef,
            Issuer = (string)_payload["iss"],
            Subject = (string)_payload["sub"],
            IssuedAt = (long)_payload["iat"],
            ExpiresAt = (long)_payload["exp"],
            Identity = "alice@example.com",
            Grants = new[] { new KeyValuePair<string, object>("voice", ((Dictionary<string, object>)_payload["grants"])["voice"]) },
        };
        _grants = new GrantSet(new TwilioGrant[] { new VoiceGrant { IncomingAllow = true, OutgoingApplicationSid = "APabababababababababababababababab" } });
        _text = _key.SignAccessToken(_claims, out _signedMac);
        if (_text.Write(_claims.Identity, _claims.IdHigh, _claims.IdLow, _claims.IssuedAt, _claims.ExpiresAt, _signedMac) != jwt)
        {
            throw new InvalidOperationException("The access token written again differs from the token of the same claims.");
        }
    }

    private static string PadBase64(string url)
    {
        string text = url.Replace('-', '+').Replace('_', '/');
        return text.PadRight(text.Length + (4 - text.Length % 4) % 4, '=');
    }

    [Benchmark(Description = "ISigningKey.CreateToken (prepared dictionaries)")]
    public string CreateToken() => _key.CreateToken(_header, _payload);

    [Benchmark(Description = "CompactJwsWriter.TryWrite, constant signature (no HMAC)")]
    public string WriterWithoutHmac() => _writer.TryWrite(_header, _payload, (buffer, offset, count) => _mac);

    [Benchmark(Description = "Base64Url.Encode of the payload JSON")]
    public int EncodePayload() => Base64Url.Encode(_payloadJson, _encoded);

    [Benchmark(Description = "ISigningKey.SignAccessToken (prepared claims)")]
    public TokenMac SignAccessToken()
    {
        _key.SignAccessToken(_claims, out TokenMac mac);
        return mac;
    }

    [Benchmark(Description = "IAccessTokenText.Write (an AccessToken's first Jwt read)")]
    public string WriteTextAgain() => _text.Write(_claims.Identity, _claims.IdHigh, _claims.IdLow, _claims.IssuedAt, _claims.ExpiresAt, _signedMac);

    [Benchmark(Description = "TokenMinter.Mint (Voice grant)")]
    public AccessToken Mint() => _minter.Mint("alice", _grants);

    [Benchmark(Description = "SymmetricSignatureProvider.Sign")]
    public byte[] ProviderSign() => _provider.Sign(_signingInput, 0, _signingInput.Length);

    [Benchmark(Description = "HMACSHA256.HashData (one-shot)")]
    public int HmacOneShot() => HMACSHA256.HashData(_secret, _signingInput, _mac);

    [Benchmark(Description = "HMACSHA256 instance, TryComputeHash")]
    public bool HmacCached() => _hmac.TryComputeHash(_signingInput, _mac, out _);

    [Benchmark(Description = "OpenSslHmacSha256 (OpenSSL's SHA-256 called directly): the engine's HMAC on Linux")]
    public byte[] HmacOpenSsl() => _openSsl.Hash(_signingInput, 0, _signingInput.Length);

    [Benchmark(Description = "IncrementalHash HMAC, span overloads: the engine's HMAC on .NET Core elsewhere (the engine's on Linux until 28 November, fifth round)")]
    public int HmacIncremental()
    {
        _incremental.AppendData(_signingInput);
        return _incremental.GetHashAndReset(_mac);
    }

    [Benchmark(Description = "HMACSHA256 instance, ComputeHash(byte[], int, int): the engine's HMAC until 28 November")]
    public byte[] HmacComputeHashArray() => _hmac.ComputeHash(_signingInput, 0, _signingInput.Length);

    [Benchmark(Description = "IncrementalHash, AppendData(byte[], int, int) and GetHashAndReset(): the engine's HMAC on .NET Framework")]
    public byte[] HmacIncrementalArray()
    {
        _incremental.AppendData(_signingInput, 0, _signingInput.Length);
        return _incremental.GetHashAndReset();
    }

    [Benchmark(Description = "SHA256.HashData")]
    public int Sha256() => SHA256.HashData(_signingInput, _mac);

    [Benchmark(Description = "DateTimeOffset.UtcNow")]
    public long UtcNow() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    [Benchmark(Description = "RandomNumberGenerator.GetBytes(16)")]
    public byte[] Random16()
    {
        _random.GetBytes(_idBytes);
        return _idBytes;
    }
}
