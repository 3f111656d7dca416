using TwilioTokens.Engine.Rest;
using TwilioTokens.Internal;

namespace TwilioTokens.Engine
{
    /// <summary>The engine's entry point; the root assembly creates it by name through reflection.</summary>
    internal sealed class TokenEngine : ITokenEngine
    {
        public ISigningKey CreateSigningKey(byte[] secret) => new Hs256SigningKey(secret);

        public ParsedJwt Parse(string compactJwt) => CompactJwtReader.Parse(compactJwt);

        public byte[] WriteClaimValue(object value) => ClaimValueWriter.ToJson(value);

        public ITwilioKeysClient CreateKeysClient(RestClientOptions options) => new TwilioKeysClient(options);
    }
}
