using System;

namespace TwilioTokens.Internal
{
    /// <summary>Why a text is not a JWT we can read. Each value is one ErrorId the cmdlets report.</summary>
    internal enum TokenFormatError
    {
        TooLarge,
        NotThreeParts,
        InvalidBase64Url,
        InvalidJson,
        NotJsonObject,
    }

    /// <summary>Raised by the engine when a token cannot be taken apart. The message never quotes the token.</summary>
    internal sealed class TokenFormatException : Exception
    {
        public TokenFormatException(TokenFormatError error, string message)
            : base(message)
        {
            Error = error;
        }

        public TokenFormatError Error { get; }
    }
}
