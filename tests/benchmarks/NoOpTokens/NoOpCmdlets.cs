using System;
using System.Management.Automation;
using System.Security;

// Each cmdlet here declares the parameters of its TwilioTokens counterpart (names, types, parameter sets, pipeline
// binding, validation) and does nothing but write its input back: one object out per object in, as the real
// cmdlets do. What the real cmdlet costs beyond this is its own work; this is PowerShell's share.
namespace NoOpTokens
{
    /// <summary>Stands in for TwilioGrant: a grant object bound by value.</summary>
    public sealed class NoOpGrant
    {
        public string Kind => "voice";
        public bool IncomingAllow { get; set; }
    }

    /// <summary>Binds like New-TwilioVoiceGrant's common case.</summary>
    [Cmdlet(VerbsCommon.New, "NoOpGrant")]
    [OutputType(typeof(NoOpGrant))]
    public sealed class NewNoOpGrantCommand : PSCmdlet
    {
        [Parameter]
        public SwitchParameter IncomingAllow { get; set; }

        protected override void EndProcessing() => WriteObject(new NoOpGrant { IncomingAllow = IncomingAllow });
    }

    /// <summary>Binds as New-TwilioAccessToken does: Identity by value (strings) or by property name (rows), Grant by
    /// value.</summary>
    [Cmdlet(VerbsCommon.New, "NoOpToken", DefaultParameterSetName = "Environment")]
    [OutputType(typeof(string))]
    public sealed class NewNoOpTokenCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string[] Identity { get; set; }

        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Grants")]
        public NoOpGrant[] Grant { get; set; }

        [Parameter]
        public string AccountSid { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = "ApiKey")]
        public string ApiKeySid { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = "ApiKey")]
        public SecureString ApiKeySecret { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = "Credential")]
        [Credential]
        public PSCredential Credential { get; set; }

        [Parameter]
        [ValidateRange(1, 86400)]
        public int Ttl { get; set; } = 3600;

        [Parameter]
        public DateTime NotBefore { get; set; }

        [Parameter]
        [ValidateSet("us1", "us2", "ie1", "au1", "jp1", "sg1", "br1", "de1")]
        public string Region { get; set; }

        protected override void ProcessRecord()
        {
            foreach (string identity in Identity)
            {
                WriteObject(identity);
            }
        }
    }

    /// <summary>Binds as ConvertFrom-TwilioAccessToken does: the token by value or by property name.</summary>
    [Cmdlet(VerbsData.ConvertFrom, "NoOpToken", DefaultParameterSetName = "Unverified")]
    [OutputType(typeof(string))]
    public sealed class ConvertFromNoOpTokenCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Jwt")]
        public string Token { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = "Credential")]
        [Credential]
        public PSCredential Credential { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = "Secret")]
        public SecureString ApiKeySecret { get; set; }

        [Parameter]
        public SwitchParameter MaskIdentity { get; set; }

        protected override void ProcessRecord() => WriteObject(Token);
    }
}
