namespace TwilioTokens.Internal
{
    /// <summary>
    /// The SIDs (34 characters) one cmdlet run has read from tokens, so that tokens read together share one string for
    /// each key, account and application SID instead of a new copy per token. The parser compares the token's bytes
    /// with these before it makes a string. One per cmdlet run, never shared between threads; not meant for scripts.
    /// </summary>
    /// <remarks>A script that keeps many decoded tokens kept a copy of each SID per token, and the kept bytes are what
    /// the garbage collector copies; making the copies was a third of the strings decoding allocated (docs/performance.md).</remarks>
    public sealed class RepeatedStrings
    {
        /// <summary>The length of the strings worth remembering: a Twilio SID (two letters and 32 hex digits).</summary>
        public const int SidLength = 34;

        // A few: a token has at most a handful of SIDs, and tokens read together mostly share them.
        private readonly string[] _recent = new string[8];
        private int _next;

        public int Capacity => _recent.Length;

        /// <summary>A remembered string, or null for an empty slot.</summary>
        public string this[int slot] => _recent[slot];

        /// <summary>Remembers <paramref name="value"/> in place of the oldest.</summary>
        public void Remember(string value)
        {
            _recent[_next] = value;
            _next = (_next + 1) % _recent.Length;
        }
    }
}
