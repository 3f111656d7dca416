namespace TwilioTokens.Internal
{
    /// <summary>
    /// What the tokens one cmdlet run reads have in common, so that tokens read together share it instead of making
    /// it again per token: the SIDs (34 characters) of keys, accounts and applications, the integers (iat and exp of
    /// tokens minted in the same second), the header, and the grants apart from the identity. One per cmdlet run, never
    /// shared between threads; not meant for scripts.
    /// </summary>
    /// <remarks>A script that keeps many decoded tokens kept a copy of each SID per token, and the kept bytes are what
    /// the garbage collector copies; making the copies was a third of the strings decoding allocated. Every object not
    /// made is also one the garbage collector does not count towards its next collection (docs/performance.md).
    /// Everything remembered here is immutable (strings, boxed integers, a read-only <see cref="JsonObject"/>, bytes) or
    /// never handed out (the grants of <see cref="KnownGrants"/>, only checked against identities).</remarks>
    public sealed class RepeatedValues
    {
        /// <summary>The length of the strings worth remembering: a Twilio SID (two letters and 32 hex digits).</summary>
        public const int SidLength = 34;

        // A few: a token has at most a handful of SIDs, and tokens read together mostly share them.
        private readonly string[] _recent = new string[8];
        private int _next;

        // A token has two or three integers (iat, exp, sometimes nbf), the same for tokens minted in the same second.
        private readonly object[] _recentIntegers = new object[4];
        private int _nextInteger;

        // The last header read, as its base64url text and what it decoded to: a run's tokens mostly share one.
        private string _headerText;
        private JsonObject _header;

        // The grants of the last token read in full whose grants the engine did not know, apart from the identity: their
        // bytes (from just after the identity to the closing brace) and what the decoder made of them.
        private byte[] _grantsTail;
        private KnownGrants _knownGrants;

        public int Capacity => _recent.Length;

        /// <summary>A remembered string, or null for an empty slot.</summary>
        public string this[int slot] => _recent[slot];

        /// <summary>Remembers <paramref name="value"/> in place of the oldest.</summary>
        public void Remember(string value)
        {
            _recent[_next] = value;
            _next = (_next + 1) % _recent.Length;
        }

        /// <summary><paramref name="value"/> boxed: a box made for an earlier token when one holds the same value.</summary>
        public object Box(long value)
        {
            foreach (object box in _recentIntegers)
            {
                if (box != null && (long)box == value)
                {
                    return box;
                }
            }

            object made = value;
            _recentIntegers[_nextInteger] = made;
            _nextInteger = (_nextInteger + 1) % _recentIntegers.Length;
            return made;
        }

        /// <summary>The header remembered for a token whose first <paramref name="length"/> characters are the same
        /// base64url text, or null.</summary>
        public JsonObject FindHeader(string token, int length) =>
            _headerText != null && _headerText.Length == length && string.CompareOrdinal(token, 0, _headerText, 0, length) == 0
                ? _header
                : null;

        /// <summary>Remembers <paramref name="header"/> as what the first <paramref name="length"/> characters of
        /// <paramref name="token"/> decode to.</summary>
        public void RememberHeader(string token, int length, JsonObject header)
        {
            _headerText = token.Substring(0, length);
            _header = header;
        }

        /// <summary>The bytes of the remembered grants after the identity (see <see cref="SkimmedToken.GrantsTail"/>),
        /// or null. The engine compares them and does not change them.</summary>
        public byte[] GrantsTail => _grantsTail;

        /// <summary>What the decoder made of <see cref="GrantsTail"/>.</summary>
        internal KnownGrants KnownGrants => _knownGrants;

        internal void RememberGrants(byte[] tail, KnownGrants grants)
        {
            _grantsTail = tail;
            _knownGrants = grants;
        }
    }
}
