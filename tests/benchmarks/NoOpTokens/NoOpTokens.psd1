# The no-op floor module of tests/benchmarks (see NoOpCmdlets.cs). Never shipped.
@{
    RootModule        = 'NoOpTokens.dll'
    ModuleVersion     = '1.0.0'
    GUID              = '0d7d2c3e-6a51-4c0b-9f43-7d1c2b9e5a10'
    Author            = 'TwilioTokens authors'
    Description       = 'No-op cmdlets binding the same input as TwilioTokens, for benchmarks.'
    PowerShellVersion = '5.1'
    CmdletsToExport   = @('New-NoOpToken', 'New-NoOpGrant', 'ConvertFrom-NoOpToken')
    FunctionsToExport = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
