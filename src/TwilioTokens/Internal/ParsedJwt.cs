using System.Collections.Specialized;

namespace TwilioTokens.Internal
{
    /// <summary>A compact JWS taken apart. JSON objects are OrderedDictionaries with ordinal names (a repeated name keeps
    /// its first place and its last value), arrays object[], integers long, other numbers double.</summary>
    internal sealed class ParsedJwt
    {
        public ParsedJwt(OrderedDictionary header, OrderedDictionary payload, string token, int signingInputLength, byte[] signature)
        {
            Header = header;
            Payload = payload;
            Token = token;
            SigningInputLength = signingInputLength;
            Signature = signature;
        }

        public OrderedDictionary Header { get; }

        public OrderedDictionary Payload { get; }

        /// <summary>The compact JWS these parts come from, as given to the parser.</summary>
        public string Token { get; }

        /// <summary>Where the second dot is: the signing input (what the signature covers) is the text before it.</summary>
        public int SigningInputLength { get; }

        public byte[] Signature { get; }
    }
}
