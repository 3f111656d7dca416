namespace TwilioTokens
{
    /// <summary>One token text ConvertFrom- or Test-TwilioAccessToken was given and what came of reading it: the decoded
    /// token, or why it could not be read.</summary>
    internal struct TokenRead
    {
        public string Text;
        public DecodedAccessToken Decoded;
        public Commands.TokenReadFailure Failure;
    }
}
