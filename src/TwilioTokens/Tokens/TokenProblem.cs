namespace TwilioTokens
{
    /// <summary>Something about a token that Twilio would reject or warn about, in Twilio's own error numbers.</summary>
    public sealed class TokenProblem
    {
        public TokenProblem(int code, string message, string hint)
        {
            Code = code;
            Message = message;
            Hint = hint;
        }

        /// <summary>Twilio's error number (20101–20160), as a client SDK would report it.</summary>
        public int Code { get; }

        public string Message { get; }

        /// <summary>What to do about it.</summary>
        public string Hint { get; }

        public override string ToString() => Code + ": " + Message;
    }
}
