# What the measurement scripts share (Measure-Jobs.ps1).

function Get-Median([double[]] $Values) {
    $sorted = [double[]] ($Values | Sort-Object)
    $middle = [int] [Math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { $sorted[$middle] } else { ($sorted[$middle - 1] + $sorted[$middle]) / 2 }
}

function Invoke-NewPwsh {
    # A new pwsh, as a user starts one: the same PowerShell as this one, no profile. Returns its output lines.
    param([Parameter(Mandatory)] [string] $File, [string[]] $Arguments)
    # Under 'dotnet pwsh' the process is dotnet itself, and pwsh.dll is what it runs.
    $pwshDll = Join-Path $PSHOME 'pwsh.dll'
    $out = if (Test-Path $pwshDll) {
        & ([Environment]::ProcessPath) $pwshDll -NoProfile -NonInteractive -File $File @Arguments
    }
    else {
        & ([Environment]::ProcessPath) -NoProfile -NonInteractive -File $File @Arguments
    }
    if ($LASTEXITCODE -ne 0) { throw "pwsh -File $File failed with exit code $LASTEXITCODE." }
    $out
}

Export-ModuleMember -Function Get-Median, Invoke-NewPwsh
