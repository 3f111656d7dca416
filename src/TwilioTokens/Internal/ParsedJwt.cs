using System.Collections.Specialized;

namespace TwilioTokens.Internal
{
    /// <summary>A compact JWS taken apart. JSON objects are <see cref="JsonObject"/>s (ordinal names), arrays are
    /// object[], integers long, other numbers double.</summary>
    public sealed class ParsedJwt
    {
        private readonly string _token;
        private readonly int _signingInputLength;
        private OrderedDictionary _header;
        private OrderedDictionary _payload;

        /// <param name="token">The compact JWS these parts come from.</param>
        /// <param name="signingInputLength">Where its second dot is: the signing input is the text before it.</param>
        public ParsedJwt(JsonObject header, JsonObject payload, string token, int signingInputLength, byte[] signature)
        {
            HeaderFields = header;
            PayloadFields = payload;
            _token = token;
            _signingInputLength = signingInputLength;
            Signature = signature;
        }

        /// <summary>The header as the decoder reads it.</summary>
        public JsonObject HeaderFields { get; }

        /// <summary>The payload as the decoder reads it.</summary>
        public JsonObject PayloadFields { get; }

        /// <summary>The header as ordered dictionaries (nested objects too), converted on first read.</summary>
        public OrderedDictionary Header => _header ?? (_header = HeaderFields.ToOrderedDictionary());

        /// <summary>The payload as ordered dictionaries (nested objects too), converted on first read.</summary>
        public OrderedDictionary Payload => _payload ?? (_payload = PayloadFields.ToOrderedDictionary());

        /// <summary>Where the second dot is: the length of the signing input (the first two parts with their dot, what
        /// the signature covers) at the start of <see cref="Token"/>.</summary>
        public int SigningInputLength => _signingInputLength;

        public byte[] Signature { get; }

        /// <summary>The compact JWS these parts come from, as given to the parser.</summary>
        public string Token => _token;
    }
}
