using System.Management.Automation;
using System.Security;

namespace TwilioTokens
{
    /// <summary>A key New-TwilioApiKey has just created, with the secret Twilio returns this once and never again.
    /// The secret exists only as a SecureString and inside <see cref="Credential"/>; nothing prints it.</summary>
    public sealed class NewApiKey : ApiKey
    {
        public NewApiKey(ApiKey key, SecureString secret)
            : base(key.Sid, key.FriendlyName, key.DateCreated, key.DateUpdated, key.AccountSid)
        {
            KeyType = key.KeyType;
            Permission = key.Permission;
            Secret = secret;
            Credential = new PSCredential(key.Sid, secret);
        }

        /// <summary>Store it now (Set-Secret, a vault, a pipeline variable): Twilio cannot show it again.</summary>
        public SecureString Secret { get; }

        /// <summary>User name = key SID, password = secret: what New-TwilioAccessToken -Credential and Set-Secret take.</summary>
        public PSCredential Credential { get; }
    }
}
