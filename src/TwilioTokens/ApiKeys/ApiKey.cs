using System;

namespace TwilioTokens
{
    /// <summary>Twilio's kinds of API key. A Restricted key may call only the APIs its permissions name, and cannot
    /// sign access tokens.</summary>
    public enum ApiKeyType
    {
        Main,
        Standard,
        Restricted,
    }

    /// <summary>An API key as Twilio's Keys resources (v2010 and IAM v1) describe it. Pipe it to Remove-TwilioApiKey to delete the
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

        /// <summary>Where Twilio says it: IAM v1's flags in a listing, its policy when fetched, the kind just created;
        /// else null.</summary>
        public ApiKeyType? KeyType { get; internal set; }

        /// <summary>A Restricted key's permissions (/twilio/product/resource/action), as IAM v1 states them for one key.</summary>
        public string[] Permission { get; internal set; }

        /// <summary>IAM v1's flags for the key in a listing (rest_api, signing, restricted...), as Twilio wrote them.</summary>
        public string[] Flags { get; internal set; }

        public override string ToString() => Sid ?? string.Empty;
    }
}
