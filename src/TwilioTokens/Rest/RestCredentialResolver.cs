using System;
using System.Management.Automation;
using System.Security;
using TwilioTokens.Credentials;
using TwilioTokens.Internal;

namespace TwilioTokens.Rest
{
    /// <summary>
    /// Who calls the REST API: -Credential (Account SID + Auth Token, or a Main API key SID + secret), else
    /// TWILIO_ACCOUNT_SID with TWILIO_AUTH_TOKEN, else TWILIO_API_KEY with TWILIO_API_SECRET. The Auth Token comes
    /// first among the variables because TWILIO_API_KEY often names the Standard key that signs tokens, which may not
    /// manage keys. No message names the secret.
    /// </summary>
    internal static class RestCredentialResolver
    {
        public const string AuthTokenVariable = "TWILIO_AUTH_TOKEN";

        public static RestCredential Resolve(PSCredential credential)
        {
            if (credential != null)
            {
                return Check(credential.UserName, credential.Password, "-Credential");
            }

            string account = Environment.GetEnvironmentVariable(SigningKeyResolver.AccountSidVariable);
            string authToken = Environment.GetEnvironmentVariable(AuthTokenVariable);
            if (!string.IsNullOrEmpty(account) && !string.IsNullOrEmpty(authToken))
            {
                return Check(account, SecretBytes.ToSecureString(authToken), $"{SigningKeyResolver.AccountSidVariable} and {AuthTokenVariable}");
            }

            string key = Environment.GetEnvironmentVariable(SigningKeyResolver.ApiKeyVariable);
            string secret = Environment.GetEnvironmentVariable(SigningKeyResolver.ApiSecretVariable);
            if (!string.IsNullOrEmpty(key) && !string.IsNullOrEmpty(secret))
            {
                return Check(key, SecretBytes.ToSecureString(secret), $"{SigningKeyResolver.ApiKeyVariable} and {SigningKeyResolver.ApiSecretVariable}");
            }

            throw new ErrorRecordException(ErrorIds.RestCredentialMissing, ErrorCategory.InvalidArgument, null,
                $"No credentials for Twilio's REST API: pass -Credential, or set {SigningKeyResolver.AccountSidVariable} and {AuthTokenVariable}, or {SigningKeyResolver.ApiKeyVariable} and {SigningKeyResolver.ApiSecretVariable}.",
                "Use the Account SID and Auth Token, or a Main API key: only those may manage API keys.");
        }

        /// <summary>-AccountSid (or the piped object's AccountSid), else the credential's own account, else TWILIO_ACCOUNT_SID.</summary>
        public static string ResolveAccountSid(string accountSid, RestCredential credential)
        {
            if (string.IsNullOrEmpty(accountSid) && credential.IsAuthToken)
            {
                return credential.UserName;
            }

            return SigningKeyResolver.ResolveAccountSid(accountSid);
        }

        private static RestCredential Check(string userName, SecureString password, string source)
        {
            string user = userName?.Trim();
            if (!Sid.IsValid(user, Sid.Account) && !Sid.IsValid(user, Sid.ApiKey))
            {
                throw new ErrorRecordException(ErrorIds.InvalidRestCredential, ErrorCategory.InvalidArgument, user,
                    $"The user name from {source} is {Sid.Describe(user)}: Twilio's REST API takes an Account SID (AC…) with its Auth Token, or an API key SID (SK…) with its secret.");
            }

            if (password == null || password.Length == 0)
            {
                throw new ErrorRecordException(ErrorIds.RestCredentialMissing, ErrorCategory.InvalidArgument, user,
                    $"The password from {source} for {user} is empty.");
            }

            return new RestCredential(user, password, source);
        }
    }

    /// <summary>A resolved REST credential. <see cref="ToBasicParameter"/> is the only place the secret is read.</summary>
    internal sealed class RestCredential
    {
        public RestCredential(string userName, SecureString password, string source)
        {
            UserName = userName;
            Password = password;
            Source = source;
        }

        /// <summary>An Account SID or an API key SID: safe to show.</summary>
        public string UserName { get; }

        public SecureString Password { get; }

        /// <summary>Where it came from, for verbose output.</summary>
        public string Source { get; }

        public bool IsAuthToken => UserName.StartsWith(Sid.Account, StringComparison.Ordinal);

        /// <summary>base64("user:password") for an Authorization: Basic header. Intermediate bytes are cleared.</summary>
        public string ToBasicParameter()
        {
            byte[] secret = SecretBytes.FromSecureString(Password);
            byte[] user = System.Text.Encoding.UTF8.GetBytes(UserName + ":");
            byte[] both = new byte[user.Length + secret.Length];
            try
            {
                Buffer.BlockCopy(user, 0, both, 0, user.Length);
                Buffer.BlockCopy(secret, 0, both, user.Length, secret.Length);
                return Convert.ToBase64String(both);
            }
            finally
            {
                Array.Clear(secret, 0, secret.Length);
                Array.Clear(both, 0, both.Length);
            }
        }
    }
}
