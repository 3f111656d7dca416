using System.Collections.Specialized;
using System.Runtime.CompilerServices;

namespace TwilioTokens.Internal
{
    /// <summary>A compact JWS taken apart. JSON objects are ordered dictionaries (ordinal keys), arrays are
    /// object[], integers long, other numbers double.</summary>
    public sealed class ParsedJwt
    {
        private readonly string _token;
        private readonly int _signingInputLength;
        private string _signingInput;

        /// <param name="token">The compact JWS these parts come from.</param>
        /// <param name="signingInputLength">Where its second dot is: the signing input is the text before it.</param>
        [MethodImpl(HotPath.Optimize)]
        public ParsedJwt(OrderedDictionary header, OrderedDictionary payload, string token, int signingInputLength, byte[] signature)
        {
            Header = header;
            Payload = payload;
            _token = token;
            _signingInputLength = signingInputLength;
            Signature = signature;
        }

        public OrderedDictionary Header { get; }
        public OrderedDictionary Payload { get; }

        /// <summary>The first two parts with their dot: what the signature covers. Cut from the token only when asked
        /// for (when a signature is checked), not for every token decoded.</summary>
        public string SigningInput => _signingInput ?? (_signingInput = _token.Substring(0, _signingInputLength));

        public byte[] Signature { get; }

        /// <summary>The compact JWS these parts come from, as given to the parser.</summary>
        public string Token => _token;
    }
}
