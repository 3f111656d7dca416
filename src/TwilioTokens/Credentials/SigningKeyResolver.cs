using System;
using System.Management.Automation;
using System.Security;
using TwilioTokens.Internal;

namespace TwilioTokens.Credentials
{
    /// <summary>Which account and key sign: from parameters, else from Twilio's usual environment variables. Every
    /// failure is an <see cref="ErrorRecordException"/> whose message names the parameter and never the secret.</summary>
    internal static class SigningKeyResolver
    {
        public const string AccountSidVariable = "TWILIO_ACCOUNT_SID";
        public const string ApiKeyVariable = "TWILIO_API_KEY";
        public const string ApiSecretVariable = "TWILIO_API_SECRET";

        /// <summary>Twilio API key secrets are 32 characters; HS256 in IdentityModel refuses fewer than 16 bytes.</summary>
        public const int MinimumSecretBytes = 16;

        public static string ResolveAccountSid(string accountSid)
        {
            string value = string.IsNullOrEmpty(accountSid) ? Environment.GetEnvironmentVariable(AccountSidVariable) : accountSid;
            if (string.IsNullOrEmpty(value))
            {
                throw new ErrorRecordException(ErrorIds.AccountSidMissing, ErrorCategory.InvalidArgument, null,
                    $"No Account SID: pass -AccountSid AC… or set the environment variable {AccountSidVariable}.");
            }

            value = value.Trim();
            if (!Sid.IsValid(value, Sid.Account))
            {
                string hint = Sid.IsValid(value, Sid.ApiKey)
                    ? " It is an API key SID (SK…); pass that as -ApiKeySid or as the -Credential user name."
                    : " An Account SID is AC followed by 32 hex digits (see the Twilio Console).";
                throw new ErrorRecordException(ErrorIds.InvalidAccountSid, ErrorCategory.InvalidArgument, value,
                    $"'{value}' is not an Account SID.{hint}");
            }

            return value;
        }

        /// <summary>The key SID and secret from -Credential, from -ApiKeySid/-ApiKeySecret, or from the environment.</summary>
        public static (string ApiKeySid, SecureString Secret) ResolveKey(PSCredential credential, string apiKeySid, SecureString apiKeySecret)
        {
            string keySid;
            SecureString secret;
            if (credential != null)
            {
                keySid = credential.UserName;
                secret = credential.Password;
            }
            else if (apiKeySid != null || apiKeySecret != null)
            {
                keySid = apiKeySid;
                secret = apiKeySecret;
            }
            else
            {
                keySid = Environment.GetEnvironmentVariable(ApiKeyVariable);
                string plain = Environment.GetEnvironmentVariable(ApiSecretVariable);
                if (string.IsNullOrEmpty(keySid) || string.IsNullOrEmpty(plain))
                {
                    string missing = string.IsNullOrEmpty(keySid) && string.IsNullOrEmpty(plain) ? $"neither {ApiKeyVariable} nor {ApiSecretVariable} is set"
                        : string.IsNullOrEmpty(keySid) ? $"{ApiKeyVariable} is not set (only {ApiSecretVariable} is)" : $"{ApiSecretVariable} is not set (only {ApiKeyVariable} is)";
                    throw new ErrorRecordException(ErrorIds.ApiKeyMissing, ErrorCategory.InvalidArgument, null,
                        $"No API key to sign with: {missing}. Set it, or pass -Credential (user name = key SID, password = secret) or -ApiKeySid with -ApiKeySecret.");
                }

                secret = SecretBytes.ToSecureString(plain);
            }

            return (ValidateApiKeySid(keySid), secret);
        }

        public static string ValidateApiKeySid(string keySid)
        {
            string value = keySid?.Trim();
            if (Sid.IsValid(value, Sid.ApiKey))
            {
                return value;
            }

            if (Sid.IsValid(value, Sid.Account))
            {
                throw new ErrorRecordException(ErrorIds.AccountSidGivenAsApiKeySid, ErrorCategory.InvalidArgument, value,
                    $"'{value}' is an Account SID (AC…), but access tokens are signed with an API key (SK…) and its secret, not with the Auth Token.",
                    "Create an API key in the Twilio Console or with New-TwilioApiKey, and pass its SID and secret.");
            }

            throw new ErrorRecordException(ErrorIds.InvalidApiKeySid, ErrorCategory.InvalidArgument, value,
                $"'{value}' is not an API key SID: it is SK followed by 32 hex digits.");
        }

        /// <summary>The secret as UTF-8 bytes, checked for length. The caller clears the array.</summary>
        public static byte[] SecretToBytes(SecureString secret, string apiKeySid)
        {
            byte[] bytes = SecretBytes.FromSecureString(secret);
            if (bytes.Length == 0)
            {
                throw new ErrorRecordException(ErrorIds.ApiKeySecretMissing, ErrorCategory.InvalidArgument, apiKeySid,
                    $"The secret for API key {apiKeySid} is empty.");
            }

            if (bytes.Length < MinimumSecretBytes)
            {
                Array.Clear(bytes, 0, bytes.Length);
                throw new ErrorRecordException(ErrorIds.ApiKeySecretTooShort, ErrorCategory.InvalidArgument, apiKeySid,
                    $"The secret for API key {apiKeySid} is shorter than {MinimumSecretBytes} bytes; Twilio API key secrets are 32 characters. Check that the secret, not the SID or a truncated copy, was given.");
            }

            return bytes;
        }
    }
}
