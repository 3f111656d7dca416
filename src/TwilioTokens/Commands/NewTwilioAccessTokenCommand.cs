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

        private TokenMinter _minter;
        private GrantSet _commandLineGrants = GrantSet.Empty;
        private readonly List<TwilioGrant> _pipedGrants = new List<TwilioGrant>();
        private bool _identityFromCommandLine;
        private bool _grantFromCommandLine;
        private int _minted;
        private GrantSet _lastDescribedGrants;
        private readonly HashSet<string> _warnings = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>Binds strings piped in (Get-Content users.txt) and the Identity property of objects (Import-Csv
        /// rows, decoded tokens); grant objects piped in bind to <see cref="Grant"/> instead, by their type. Any other
        /// object is an error (<see cref="IdentityInputAttribute"/>).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [IdentityInput]
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
                if (IdentityInputAttribute.IsRejected(Identity))
                {
                    ThrowTerminatingError(NoIdentity(IdentityInputAttribute.LastInput));
                }

                if (_identityFromCommandLine && _grantFromCommandLine && MyInvocation.ExpectingInput)
                {
                    // Every parameter that takes pipeline input is bound: a grant piped in would be dropped.
                    throw new ErrorRecordException(ErrorIds.GrantInputConflict, ErrorCategory.InvalidOperation, null,
                        "Input is piped in while -Identity and -Grant are both given, so a grant piped in could not be used; no token was minted. " +
                        "Pass the grants one way: pipe them all (... | New-TwilioAccessToken -Identity alice), or give them all with -Grant $a, $b.");
                }

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
            else if (IdentityInputAttribute.IsRejected(Identity))
            {
                object input = IdentityInputAttribute.LastInput is PSObject wrapped ? wrapped.BaseObject : IdentityInputAttribute.LastInput;
                WriteError(input is TwilioGrant grant
                    ? new ErrorRecord(new InvalidOperationException($"The '{grant.Kind}' grant was piped in without -Identity, where identities come from the pipeline too, so no token can be told to hold it; none was minted for it. " +
                        "Pass the grants one way: give the identities with -Identity and pipe the grants, or pipe the identities and give the grants with -Grant."),
                        ErrorIds.GrantInputConflict, ErrorCategory.InvalidOperation, grant)
                    : NoIdentity(IdentityInputAttribute.LastInput));
            }
            else
            {
                // Identity came with this input object: mint now, with any grants it carried as well (those of its
                // Grants property too when -Grant is given, which PowerShell then leaves unbound).
                GrantSet grants = _commandLineGrants;
                TwilioGrant[] carried = grantFromThisInput ? Grant : _grantFromCommandLine ? CarriedGrants(IdentityInputAttribute.LastInput) : null;
                if (carried != null)
                {
                    try
                    {
                        grants = NewGrantSet(_commandLineGrants.Grants, carried);
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

            WriteVerbose($"Minted {_minted} token(s).");
        }

        /// <summary>PowerShell disposes the cmdlet when the pipeline ends, stopped or not: the key's copy of the secret is cleared then.</summary>
        public void Dispose() => _minter?.Dispose();

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
                if (problem != null)
                {
                    WriteError(new ErrorRecord(new ArgumentException(problem, nameof(Identity)),
                        ErrorIds.InvalidIdentity, ErrorCategory.InvalidArgument, identity));
                    continue;
                }

                WarnAboutProductRules(identity, grants);
                AccessToken token;
                try
                {
                    token = _minter.Mint(identity, grants);
                }
                catch (Exception e) when (!(e is PipelineStoppedException))
                {
                    WriteError(new ErrorRecord(new InvalidOperationException("Signing the token failed: " + e.Message),
                        ErrorIds.TokenSigningFailed, ErrorCategory.InvalidOperation, identity));
                    continue;
                }

                _minted++;
                WriteObject(token);
            }
        }

        /// <summary>Product rules (Voice: letters, digits, '_'; Video: no ':') warn rather than fail: Twilio accepts the
        /// token, the SDK misbehaves later, and a bulk run should not stop for them. -WarningAction Stop makes them fatal.</summary>
        private void WarnAboutProductRules(string identity, GrantSet grants)
        {
            foreach (TwilioGrant grant in grants.Grants)
            {
                string problem = grant.CheckIdentity(identity);
                if (problem != null)
                {
                    WriteWarning($"Identity '{identity}': {problem}");
                }

                string remint = grant.CheckRemint(identity);
                if (remint != null && _warnings.Add(remint))
                {
                    WriteWarning(remint);
                }
            }
        }

        private TokenMinter CreateMinter()
        {
            if (Ttl < 1 || Ttl > TokenDecoder.MaxLifetimeSeconds)
            {
                throw new ErrorRecordException(ErrorIds.InvalidTtl, ErrorCategory.InvalidArgument, Ttl,
                    $"-Ttl {Ttl} is outside 1 to 86400 seconds: a token lives at least 1 second and at most 24 hours (86,400 s); Twilio rejects a longer one with error {TwilioErrorCode.ExpiryExceedsMaximum}.");
            }

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
                // Written before the key exists: WriteVerbose can throw ($VerbosePreference 'Stop', a stopped pipeline),
                // and a key created before it would be left to the garbage collector with its copy of the secret.
                WriteVerbose($"Signing with API key {keySid} for account {accountSid}; ttl {Ttl} s" +
                             (notBefore.HasValue ? $", not before {notBefore.Value:o}" : string.Empty) +
                             (Region != null ? $", region {Region}" : string.Empty) + ".");
                return new TokenMinter(EngineHost.Engine.CreateSigningKey(secretBytes), accountSid, keySid, Ttl, notBefore, Region?.ToLowerInvariant());
            }
            finally
            {
                Array.Clear(secretBytes, 0, secretBytes.Length);
            }
        }

        private static ErrorRecord NoIdentity(object input)
        {
            var names = new List<string>();
            foreach (PSPropertyInfo property in PSObject.AsPSObject(input).Properties) names.Add(property.Name);
            string type = input is PSObject wrapped ? wrapped.BaseObject.GetType().Name : input?.GetType().Name;
            return new ErrorRecord(new ArgumentException(
                    $"The input object ({type}) has no Identity property, so no token was minted for it; its properties are: {string.Join(", ", names)}. " +
                    "Pipe strings, or objects with an Identity property (a CSV column named Identity, or Select-Object @{ Name = 'Identity'; Expression = { $_.User } }).", nameof(Identity)),
                ErrorIds.IdentityPropertyMissing, ErrorCategory.InvalidArgument, input);
        }

        private static TwilioGrant[] CarriedGrants(object input)
        {
            PSObject item = input == null ? null : PSObject.AsPSObject(input);
            object value = (item?.Properties["Grants"] ?? item?.Properties["Grant"])?.Value;
            return value != null && LanguagePrimitives.TryConvertTo(value, out TwilioGrant[] grants) ? grants : null;
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
            catch (GrantValueException e)
            {
                throw new ErrorRecordException(ErrorIds.InvalidGrantValue, ErrorCategory.InvalidArgument, e.Grant, e.Message);
            }
        }

        private bool IsBound(string parameterName) => MyInvocation.BoundParameters.ContainsKey(parameterName);
    }
}
