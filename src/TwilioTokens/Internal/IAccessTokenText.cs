namespace TwilioTokens.Internal
{
    /// <summary>
    /// Writes the text of access tokens again from what varies between them and their MACs. The engine makes one for
    /// each set of claims that stay the same across a run's tokens (header, iss, sub, nbf, grants), holding them already
    /// serialised, and the <see cref="AccessToken"/>s of that set share it (through their <see cref="MintingRun"/>): a
    /// kept token then holds 96 bytes instead of its roughly 450 characters of text, until the text is first read
    /// (docs/performance.md).
    /// Immutable, safe on any thread, and it holds no secret: the text is made again without the key, after the key is
    /// disposed. Not meant for scripts.
    /// </summary>
    public interface IAccessTokenText
    {
        /// <summary>The compact JWT whose varying claims are these and whose MAC is <paramref name="mac"/>, byte for
        /// byte as it was signed.</summary>
        string Write(string identity, ulong idHigh, ulong idLow, long issuedAt, long expiresAt, TokenMac mac);
    }
}
