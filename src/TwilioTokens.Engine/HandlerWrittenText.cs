using TwilioTokens.Internal;

namespace TwilioTokens.Engine
{
    /// <summary>The text of a token JsonWebTokenHandler wrote (grant values <see cref="CompactJwsWriter"/> leaves to it):
    /// kept whole, since the handler cannot write one payload again apart from the others.</summary>
    internal sealed class HandlerWrittenText : IAccessTokenText
    {
        private readonly string _jwt;

        public HandlerWrittenText(string jwt) => _jwt = jwt;

        public string Write(string identity, ulong idHigh, ulong idLow, long issuedAt, long expiresAt, TokenMac mac) => _jwt;
    }
}
