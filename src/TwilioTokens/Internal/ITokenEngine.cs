using System;
using System.Collections.Generic;

namespace TwilioTokens.Internal
{
    /// <summary>
    /// What the cmdlets need from the engine assembly (JSON, HS256 and Twilio's REST API). It lives in the root assembly so the
    /// engine can be loaded late, from dependencies/, and in a private load context, while both sides agree on
    /// these types. Not meant for scripts.
    /// </summary>
    public interface ITokenEngine
    {
        /// <summary>Creates a key for one run of a cmdlet. The engine copies <paramref name="secret"/>; the caller
        /// clears its own copy.</summary>
        ISigningKey CreateSigningKey(byte[] secret);

        /// <summary>Splits and decodes a compact JWS without checking its signature.</summary>
        /// <exception cref="TokenFormatException">The text is not a compact JWS with JSON object parts.</exception>
        ParsedJwt Parse(string compactJwt);

        /// <summary>As <see cref="Parse(string)"/>, sharing SIDs, integers and the header with the tokens parsed before
        /// with the same <paramref name="repeated"/> (null: none shared).</summary>
        ParsedJwt Parse(string compactJwt, RepeatedValues repeated);

        /// <summary>Reads a token in the shape every minter writes, with the header and grants <paramref name="repeated"/>
        /// remembers, without building its JSON objects; anything else is <see cref="SkimStatus.NotRead"/>, never an
        /// error. <paramref name="withSignature"/>: also return the MAC's bytes.</summary>
        SkimStatus Skim(string compactJwt, RepeatedValues repeated, bool withSignature, out SkimmedToken skimmed);

        /// <summary>The payload of a compact JWS read before with <see cref="Parse(string)"/>, alone: for reading one
        /// part of a token again without decoding the others.</summary>
        /// <exception cref="TokenFormatException">The text is not a compact JWS with a JSON object payload.</exception>
        JsonObject ParsePayload(string compactJwt);

        /// <summary>A client of Twilio's Keys resource for one cmdlet run. HTTP connections are shared per base address
        /// across runs; <paramref name="options"/> (credentials included) are not.</summary>
        ITwilioKeysClient CreateKeysClient(RestClientOptions options);
    }

    /// <summary>An HS256 key. Dispose clears the engine's copy of the secret.</summary>
    public interface ISigningKey : IDisposable
    {
        /// <summary>Writes a compact JWS: header <c>alg</c> and <c>typ</c> are the engine's, <paramref name="extraHeader"/>
        /// adds the rest; <paramref name="payload"/> holds strings, booleans, longs and nested dictionaries.</summary>
        string CreateToken(IDictionary<string, object> extraHeader, IDictionary<string, object> payload);

        /// <summary>Signs an access token, written as <see cref="CreateToken"/> writes <see cref="AccessTokenClaims.ToPayload"/>
        /// but without building dictionaries for each token, and keeps none of its text: <paramref name="mac"/> and the
        /// returned writer, given the claims that vary, make the text again (<see cref="IAccessTokenText"/>).</summary>
        IAccessTokenText SignAccessToken(AccessTokenClaims claims, out TokenMac mac);

        /// <summary>True when <paramref name="signature"/> is the HS256 MAC of the first
        /// <paramref name="signingInputLength"/> characters of <paramref name="token"/> (its signing input, read where
        /// it stands rather than cut out first).</summary>
        bool VerifySignature(string token, int signingInputLength, byte[] signature);
    }
}
