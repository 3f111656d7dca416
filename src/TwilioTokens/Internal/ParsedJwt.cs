using System.Collections.Specialized;

namespace TwilioTokens.Internal
{
    /// <summary>A compact JWS taken apart. JSON objects are ordered dictionaries (ordinal keys), arrays are
    /// object[], integers long, other numbers double.</summary>
    public sealed class ParsedJwt
    {
        public ParsedJwt(OrderedDictionary header, OrderedDictionary payload, string signingInput, byte[] signature)
        {
            Header = header;
            Payload = payload;
            SigningInput = signingInput;
            Signature = signature;
        }

        public OrderedDictionary Header { get; }
        public OrderedDictionary Payload { get; }

        /// <summary>The first two parts with their dot: what the signature covers.</summary>
        public string SigningInput { get; }

        public byte[] Signature { get; }
    }
}
