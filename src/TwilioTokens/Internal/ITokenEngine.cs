using System;

namespace TwilioTokens.Internal
{
    /// <summary>
    /// What the cmdlets need from the engine assembly (JSON, HS256 and Twilio's REST API). It lives in the root assembly
    /// so the engine can be loaded late, from dependencies/, and in a private load context, while both sides agree on
    /// these types. Internal: the engine sees it through InternalsVisibleTo.
    /// </summary>
    internal interface ITokenEngine
    {
        /// <summary>Creates a key for one run of a cmdlet. The engine copies <paramref name="secret"/>; the caller
        /// clears its own copy.</summary>
        ISigningKey CreateSigningKey(byte[] secret);

        /// <summary>Splits and decodes a compact JWS without checking its signature.</summary>
        /// <exception cref="TokenFormatException">The text is not a compact JWS with JSON object parts.</exception>
        ParsedJwt Parse(string compactJwt);

        /// <summary>The UTF-8 JSON of a grant's claim value, as JsonWebTokenHandler writes it, for
        /// <see cref="AccessTokenClaims.Grants"/>: written once per grant set, copied into each token.</summary>
        /// <exception cref="ArgumentException">The value, or one inside it, has no JSON form; the message says which type.</exception>
        byte[] WriteClaimValue(object value);

        /// <summary>A client of Twilio's Keys resource for one cmdlet run. HTTP connections are shared per base address
        /// across runs; <paramref name="options"/> (credentials included) are not.</summary>
        ITwilioKeysClient CreateKeysClient(RestClientOptions options);
    }

    /// <summary>An HS256 key for one cmdlet run. Dispose clears the engine's copy of the secret; a disposed key
    /// neither signs nor verifies (ObjectDisposedException).</summary>
    internal interface ISigningKey : IDisposable
    {
        /// <summary>The compact JWS of an access token, written as JsonWebTokenHandler writes the same claims.</summary>
        string SignAccessToken(AccessTokenClaims claims);

        /// <summary>True when the token's signature is the HS256 MAC of its signing input.</summary>
        bool VerifySignature(ParsedJwt jwt);
    }
}
