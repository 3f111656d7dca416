# PSScriptAnalyzer's settings for this repository: its default rules, every Warning and Error counted.
# tests/Lint.Tests.ps1 (run by build.ps1 -Task Test) analyzes every .ps1, .psm1 and .psd1 with them; editors that
# find this file beside the scripts use it too. A finding is fixed, or suppressed where it stands with
# [Diagnostics.CodeAnalysis.SuppressMessageAttribute(<rule>, <target>, Justification = <why>)]: never here.
@{
    IncludeDefaultRules = $true
    Severity            = @('Error', 'Warning')
}
