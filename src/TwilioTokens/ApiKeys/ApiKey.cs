using System;

namespace TwilioTokens
{
    /// <summary>An API key as Twilio's v2010 Keys resource describes it. Pipe it to Remove-TwilioApiKey to delete the
    /// key, which revokes every access token it signed.</summary>
    public class ApiKey
    {
        public ApiKey(string sid, string friendlyName, DateTimeOffset? dateCreated, DateTimeOffset? dateUpdated, string accountSid)
        {
            Sid = sid;
            FriendlyName = friendlyName;
            DateCreated = dateCreated;
            DateUpdated = dateUpdated;
            AccountSid = accountSid;
        }

        /// <summary>SK followed by 32 hex digits.</summary>
        public string Sid { get; }

        public string FriendlyName { get; }

        /// <summary>As Twilio stated it (RFC 2822, GMT).</summary>
        public DateTimeOffset? DateCreated { get; }

        public DateTimeOffset? DateUpdated { get; }

        /// <summary>The account whose Keys resource this key was read from: Twilio's answer does not repeat it.</summary>
        public string AccountSid { get; }

        public override string ToString() => Sid ?? string.Empty;
    }
}
