using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Security;
using TwilioTokens.Credentials;
using TwilioTokens.Internal;

namespace TwilioTokens.Commands
{
    /// <summary>
    /// New-TwilioAccessToken: one signed token per identity.
    /// Grants piped in are gathered and go into every token, minted when the input ends; identities piped in
    /// (strings, or objects with an Identity property such as Import-Csv rows) are minted one by one as they arrive.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "TwilioAccessToken", DefaultParameterSetName = EnvironmentSet)]
    [OutputType(typeof(AccessToken))]
    public sealed class NewTwilioAccessTokenCommand : PSCmdlet, IDisposable
    {
        private const string EnvironmentSet = "Environment";
        private const string ApiKeySet = "ApiKey";
        private const string CredentialSet = "Credential";

        // Tokens a run mints on the pipeline's thread before it starts minting ahead on a thread of its own.
        private const int MintedHereFirst = 64;

        // Measure-Warmed.ps1 -Pipeline PerItem: batches of 64, 8 in flight, streamed 0.49-0.52; of 256, 4 in flight,
        // 0.61-0.83: fewer meetings of the two threads, each of which may wake a sleeping one (docs/performance.md).
        private const int MintBatchSize = 256;
        private const int MintBatchesInFlight = 4;

        private TokenMinter _minter;
        private WorkAhead<MintRequest> _mintAhead;
        private TokenMinter _helperMinter;
        private int _requested;
        private GrantSet _commandLineGrants = GrantSet.Empty;
        private readonly List<TwilioGrant> _pipedGrants = new List<TwilioGrant>();
        private bool _identityFromCommandLine;
        private bool _grantFromCommandLine;
        private int _minted;
        private GrantSet _lastDescribedGrants;

        /// <summary>Binds strings piped in (Get-Content users.txt) and the Identity property of objects (Import-Csv
        /// rows, decoded tokens); grant objects piped in bind to <see cref="Grant"/> instead, by their type.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string[] Identity { get; set; }

        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Grants")]
        public TwilioGrant[] Grant { get; set; }

        [Parameter]
        public string AccountSid { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ApiKeySet)]
        public string ApiKeySid { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ApiKeySet)]
        public SecureString ApiKeySecret { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
        [Credential]
        public PSCredential Credential { get; set; }

        [Parameter]
        [ValidateRange(1, TokenDecoder.MaxLifetimeSeconds)]
        public int Ttl { get; set; } = 3600;

        [Parameter]
        public DateTime NotBefore { get; set; }

        [Parameter]
        [ValidateSet(Regions.Us1, Regions.Us2, Regions.Ie1, Regions.Au1, Regions.Jp1, Regions.Sg1, Regions.Br1, Regions.De1)]
        public string Region { get; set; }

        protected override void BeginProcessing()
        {
            // Only command-line arguments are bound before the first input arrives.
            _identityFromCommandLine = IsBound(nameof(Identity));
            _grantFromCommandLine = IsBound(nameof(Grant));
            try
            {
                _commandLineGrants = NewGrantSet(Grant ?? new TwilioGrant[0]);
                _minter = CreateMinter();
            }
            catch (ErrorRecordException e)
            {
                ThrowTerminatingError(e.ErrorRecord);
            }
        }

        protected override void ProcessRecord()
        {
            bool grantFromThisInput = !_grantFromCommandLine && Grant != null;
            if (_identityFromCommandLine)
            {
                if (grantFromThisInput)
                {
                    _pipedGrants.AddRange(Grant);
                }
            }
            else
            {
                // Identity came with this input object: mint now, with any grants it carried as well.
                GrantSet grants = _commandLineGrants;
                if (grantFromThisInput)
                {
                    try
                    {
                        grants = NewGrantSet(_commandLineGrants.Grants, Grant);
                    }
                    catch (ErrorRecordException e)
                    {
                        WriteError(e.ErrorRecord);
                        return;
                    }
                }

                MintEach(Identity, grants);
            }

            // Pipeline-bound values must not leak into the next input object.
            if (!_grantFromCommandLine) Grant = null;
        }

        protected override void EndProcessing()
        {
            if (_identityFromCommandLine)
            {
                GrantSet grants = _commandLineGrants;
                try
                {
                    grants = NewGrantSet(_commandLineGrants.Grants, _pipedGrants);
                }
                catch (ErrorRecordException e)
                {
                    ThrowTerminatingError(e.ErrorRecord);
                }

                MintEach(Identity, grants);
            }

            if (_mintAhead != null)
            {
                foreach (MintRequest request in _mintAhead.TakeFinished(all: true))
                {
                    WriteResult(request);
                }
            }

            WriteVerbose($"Minted {_minted} token(s).");
        }

        /// <summary>PowerShell disposes the cmdlet when the pipeline ends, stopped or not: the minting thread is stopped
        /// first, then the keys' copies of the secret are cleared.</summary>
        public void Dispose()
        {
            _mintAhead?.Dispose();
            _helperMinter?.Dispose();
            _minter?.Dispose();
        }

        private void MintEach(string[] identities, GrantSet grants)
        {
            if (!ReferenceEquals(grants, _lastDescribedGrants))
            {
                _lastDescribedGrants = grants;
                WriteVerbose("Claims: jti, iss, sub, iat, " + (IsBound(nameof(NotBefore)) ? "nbf, " : string.Empty) +
                             "exp, grants (identity" + string.Concat(Array.ConvertAll(grants.Grants, g => ", " + g.Kind)) + ").");
            }

            foreach (string identity in identities)
            {
                string problem = IdentityRules.Check(identity);
                ErrorRecord error = problem == null ? null : new ErrorRecord(new ArgumentException(problem, nameof(Identity)),
                    ErrorIds.InvalidIdentity, ErrorCategory.InvalidArgument, identity);
                List<string> warnings = error == null ? ProductRuleWarnings(identity, grants) : null;

                var request = new MintRequest { Identity = identity, Grants = grants, Error = error, Warnings = warnings };

                // The first tokens of a run are minted here, so that a short run (and a session's first token) never
                // waits for another thread; a longer one mints ahead on a thread of its own, which owns the minter from
                // then on.
                if (_mintAhead == null && _requested++ < MintedHereFirst)
                {
                    request.Mint(_minter);
                    WriteResult(request);
                    continue;
                }

                if (_mintAhead == null)
                {
                    // The thread minting ahead takes the run's minter; the pipeline's thread, when it would wait for
                    // that thread, mints queued batches with a copy of its own.
                    TokenMinter minter = _minter;
                    TokenMinter helper = _helperMinter = _minter.Copy();
                    _mintAhead = new WorkAhead<MintRequest>((ref MintRequest queued) => queued.Mint(minter), MintBatchSize,
                        MintBatchesInFlight, (ref MintRequest queued) => queued.Mint(helper));
                }

                _mintAhead.Add(request);
            }

            if (_mintAhead != null)
            {
                foreach (MintRequest request in _mintAhead.TakeFinished(all: false))
                {
                    WriteResult(request);
                }
            }
        }

        /// <summary>What one identity came to, in the order it was asked for: its warnings, then its token or error.</summary>
        private void WriteResult(in MintRequest request)
        {
            if (request.Warnings != null)
            {
                foreach (string warning in request.Warnings)
                {
                    WriteWarning($"Identity '{request.Identity}': {warning}");
                }
            }

            if (request.Error != null)
            {
                WriteError(request.Error);
            }
            else if (request.SigningFailure != null)
            {
                WriteError(new ErrorRecord(new InvalidOperationException("Signing the token failed: " + request.SigningFailure.Message),
                    ErrorIds.TokenSigningFailed, ErrorCategory.InvalidOperation, request.Identity));
            }
            else
            {
                _minted++;
                WriteObject(request.Token);
            }
        }

        /// <summary>Product rules (Voice: letters, digits, '_'; Video: no ':') warn rather than fail: Twilio accepts the
        /// token, the SDK misbehaves later, and a bulk run should not stop for them. -WarningAction Stop makes them fatal.
        /// Null when there are none, which is almost always.</summary>
        private static List<string> ProductRuleWarnings(string identity, GrantSet grants)
        {
            List<string> warnings = null;
            foreach (TwilioGrant grant in grants.Grants)
            {
                string problem = grant.CheckIdentity(identity);
                if (problem != null)
                {
                    (warnings ?? (warnings = new List<string>())).Add(problem);
                }
            }

            return warnings;
        }

        private TokenMinter CreateMinter()
        {
            string accountSid = SigningKeyResolver.ResolveAccountSid(AccountSid);
            (string keySid, SecureString secret) = SigningKeyResolver.ResolveKey(Credential, ApiKeySid, ApiKeySecret);
            DateTime? notBefore = IsBound(nameof(NotBefore)) ? NotBefore.ToUniversalTime() : (DateTime?)null;
            if (notBefore.HasValue && notBefore.Value >= DateTime.UtcNow.AddSeconds(Ttl))
            {
                throw new ErrorRecordException(ErrorIds.NotBeforeAfterExpiry, ErrorCategory.InvalidArgument, NotBefore,
                    $"-NotBefore {NotBefore:o} is at or after the expiry ({Ttl} s from now), so the token would never be valid. Raise -Ttl or move -NotBefore earlier.");
            }

            byte[] secretBytes = SigningKeyResolver.SecretToBytes(secret, keySid);
            try
            {
                ISigningKey key = EngineHost.Engine.CreateSigningKey(secretBytes);
                WriteVerbose($"Signing with API key {keySid} for account {accountSid}; ttl {Ttl} s" +
                             (notBefore.HasValue ? $", not before {notBefore.Value:o}" : string.Empty) +
                             (Region != null ? $", region {Region}" : string.Empty) + ".");
                return new TokenMinter(key, accountSid, keySid, Ttl, notBefore, Region?.ToLowerInvariant());
            }
            finally
            {
                Array.Clear(secretBytes, 0, secretBytes.Length);
            }
        }

        private static GrantSet NewGrantSet(params IEnumerable<TwilioGrant>[] parts)
        {
            var all = new List<TwilioGrant>();
            foreach (IEnumerable<TwilioGrant> part in parts)
            {
                all.AddRange(part);
            }

            try
            {
                return new GrantSet(all);
            }
            catch (DuplicateGrantException e)
            {
                throw new ErrorRecordException(ErrorIds.DuplicateGrant, ErrorCategory.InvalidArgument, e.Kind, e.Message);
            }
        }

        private bool IsBound(string parameterName) => MyInvocation.BoundParameters.ContainsKey(parameterName);
    }
}
