using System;

namespace TwilioTokens
{
    /// <summary>What Test-TwilioAccessToken -Detailed returns for one token.</summary>
    public sealed class TokenTestResult
    {
        internal TokenTestResult(string identity, string apiKeySid, DateTimeOffset? expiresAt, string signatureStatus, TokenProblem[] problems)
        {
            Identity = identity;
            ApiKeySid = apiKeySid;
            ExpiresAt = expiresAt;
            SignatureStatus = signatureStatus;
            Problems = problems;
        }

        /// <summary>No problem found. Without a secret the signature was not checked: see <see cref="SignatureStatus"/>.</summary>
        public bool IsValid => Problems.Length == 0;

        public string Identity { get; }

        public string ApiKeySid { get; }

        /// <summary>UTC.</summary>
        public DateTimeOffset? ExpiresAt { get; }

        /// <summary>The name of a <see cref="TwilioTokens.SignatureStatus"/> value: NotChecked, Valid or Invalid.</summary>
        public string SignatureStatus { get; }

        public TokenProblem[] Problems { get; }

        public override string ToString() => IsValid ? "Valid" : "Invalid: " + string.Join(", ", Array.ConvertAll(Problems, p => p.Code.ToString()));
    }
}
