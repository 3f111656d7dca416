namespace TwilioTokens
{
    /// <summary>Twilio's access-token error numbers (https://www.twilio.com/docs/api/errors).</summary>
    public static class TwilioErrorCode
    {
        public const int InvalidAccessToken = 20101;
        public const int InvalidHeader = 20102;
        public const int InvalidIssuerOrSubject = 20103;
        public const int Expired = 20104;
        public const int NotYetValid = 20105;
        public const int InvalidGrants = 20106;
        public const int InvalidSignature = 20107;
        public const int ExpiryExceedsMaximum = 20157;
        public const int MalformedToken = 20160;
    }
}
