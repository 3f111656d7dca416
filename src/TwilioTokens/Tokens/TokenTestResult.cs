using System;

namespace TwilioTokens
{
    /// <summary>What Test-TwilioAccessToken -Detailed returns for one token.</summary>
    public sealed class TokenTestResult
    {
        internal TokenTestResult(string identity, string apiKeySid, DateTime? expiresAt, SignatureStatus signatureStatus, TokenProblem[] problems)
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
        public DateTime? ExpiresAt { get; }

        public SignatureStatus SignatureStatus { get; }

        public TokenProblem[] Problems { get; }

        public override string ToString() => IsValid ? "Valid" : "Invalid: " + string.Join(", ", Array.ConvertAll(Problems, p => p.Code.ToString()));
    }
}
