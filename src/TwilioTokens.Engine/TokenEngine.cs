using TwilioTokens.Engine.Rest;
using TwilioTokens.Internal;

namespace TwilioTokens.Engine
{
    /// <summary>The engine's entry point; the root assembly creates it by name through reflection.</summary>
    public sealed class TokenEngine : ITokenEngine
    {
        public ISigningKey CreateSigningKey(byte[] secret) => new Hs256SigningKey(secret);

        public ParsedJwt Parse(string compactJwt) => CompactJwtParser.Parse(compactJwt, null);

        public ParsedJwt Parse(string compactJwt, RepeatedValues repeated) => CompactJwtParser.Parse(compactJwt, repeated);

        public SkimStatus Skim(string compactJwt, RepeatedValues repeated, bool withSignature, out SkimmedToken skimmed) =>
            AccessTokenSkimmer.Skim(compactJwt, repeated, withSignature, out skimmed);

        public JsonObject ParsePayload(string compactJwt) => CompactJwtParser.ParsePayload(compactJwt);

        public ITwilioKeysClient CreateKeysClient(RestClientOptions options) => new TwilioKeysClient(options);
    }
}
