# Shared by the Pester suites. Everything here works on the built module in out/ (TWILIOTOKENS_MODULE), never on
# the source tree, and on clearly fake credentials.

Set-StrictMode -Version 3.0

# Fake, but of the right form: 32-character secret like Twilio's, SIDs of AC/SK + 32 hex digits.
$script:FakeAccountSid = 'AC00000000000000000000000000000001'
$script:FakeApiKeySid = 'SK00000000000000000000000000000001'
$script:FakeSecretText = 'fake-secret-do-not-use-0123456789'
$script:OtherApiKeySid = 'SK00000000000000000000000000000002'
$script:OtherSecretText = 'another-fake-secret-9876543210abc'

function Import-BuiltModule {
    if (-not $env:TWILIOTOKENS_MODULE) { throw 'TWILIOTOKENS_MODULE is not set: run the suites through build.ps1 -Task Test.' }
    Import-Module $env:TWILIOTOKENS_MODULE -Force -Global
}

function Get-BuildToolPath {
    # The manifest of a module the build saved into out/tools (TWILIOTOKENS_TOOLS): platyPS, PSScriptAnalyzer,
    # SecretManagement, SecretStore.
    param([Parameter(Mandatory)] [string] $Name)
    if (-not $env:TWILIOTOKENS_TOOLS) { throw 'TWILIOTOKENS_TOOLS is not set: run the suites through build.ps1 -Task Test.' }
    $manifest = Get-ChildItem (Join-Path $env:TWILIOTOKENS_TOOLS $Name) -Filter "$Name.psd1" -Recurse -ErrorAction SilentlyContinue |
        Select-Object -First 1
    if (-not $manifest) { throw "$Name is not in $env:TWILIOTOKENS_TOOLS: run build.ps1 -Task Test, which saves it there." }
    $manifest.FullName
}

function Get-RepositoryScript {
    # Every PowerShell file of the repository (.ps1, .psm1, .psd1) that the lint covers, as Name (the path from the
    # repository's root, with /) and Path. Not out/, node_modules, bin or obj: built, restored or generated.
    $root = (Resolve-Path (Join-Path $PSScriptRoot '..')).ProviderPath
    $skipped = '^out/|(^|/)(node_modules|bin|obj|\.git)/'
    Get-ChildItem $root -Recurse -File -Include '*.ps1', '*.psm1', '*.psd1' |
        ForEach-Object { [pscustomobject]@{ Name = [IO.Path]::GetRelativePath($root, $_.FullName).Replace('\', '/'); Path = $_.FullName } } |
        Where-Object Name -NotMatch $skipped | Sort-Object Name
}

function Get-AboutCodeBlock {
    # The code blocks of an about_*.help.txt: runs of lines indented by 8 spaces (its text is indented by 4), each
    # with the line it starts on and its code without that indentation.
    param([Parameter(Mandatory)] [string] $Path)
    $lines = @(Get-Content $Path)
    $start = -1
    for ($i = 0; $i -le $lines.Count; $i++) {
        $isCode = $i -lt $lines.Count -and $lines[$i] -match '^ {8}'
        if ($isCode -and $start -lt 0) { $start = $i }
        elseif (-not $isCode -and $start -ge 0) {
            [pscustomobject]@{ Line = $start + 1; Code = @($lines[$start..($i - 1)] | ForEach-Object { $_.Substring(8) }) -join "`n" }
            $start = -1
        }
    }
}

function Get-FakeAccountSid { $script:FakeAccountSid }
function Get-FakeApiKeySid { $script:FakeApiKeySid }
function Get-FakeSecretText { $script:FakeSecretText }

function Get-FakeCredential {
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSAvoidUsingConvertToSecureStringWithPlainText', '',
        Justification = 'The fake secrets of the tests, in plain text above by design.')]
    param([switch] $Other)
    $sid = if ($Other) { $script:OtherApiKeySid } else { $script:FakeApiKeySid }
    $text = if ($Other) { $script:OtherSecretText } else { $script:FakeSecretText }
    [pscredential]::new($sid, (ConvertTo-SecureString $text -AsPlainText -Force))
}

function ConvertFrom-Base64Url {
    param([Parameter(Mandatory)] [string] $Text)
    $padded = $Text.Replace('-', '+').Replace('_', '/')
    $padded += '=' * ((4 - $padded.Length % 4) % 4)
    [Convert]::FromBase64String($padded)
}

function ConvertTo-Base64Url {
    param([Parameter(Mandatory)] [byte[]] $Bytes)
    [Convert]::ToBase64String($Bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_')
}

function Get-JwtPart {
    # The header (0) or payload (1) of a compact JWT as an ordered hashtable.
    param([Parameter(Mandatory)] [string] $Jwt, [Parameter(Mandatory)] [int] $Index)
    $json = [Text.Encoding]::UTF8.GetString((ConvertFrom-Base64Url ($Jwt.Split('.')[$Index])))
    $json | ConvertFrom-Json -AsHashtable
}

function Get-Hs256Signature {
    # The signature computed here with the BCL alone, to check the module's independently.
    param([Parameter(Mandatory)] [string] $SigningInput, [Parameter(Mandatory)] [string] $Secret)
    $hmac = [Security.Cryptography.HMACSHA256]::new([Text.Encoding]::UTF8.GetBytes($Secret))
    try { ConvertTo-Base64Url $hmac.ComputeHash([Text.Encoding]::ASCII.GetBytes($SigningInput)) } finally { $hmac.Dispose() }
}

function New-SignedTestToken {
    # Signs crafted header and payload JSON: for tokens with known defects that no minting cmdlet would make.
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseShouldProcessForStateChangingFunctions', '',
        Justification = 'Makes a string in memory; changes no state.')]
    param(
        [Parameter(Mandatory)] [string] $HeaderJson,
        [Parameter(Mandatory)] [string] $PayloadJson,
        [string] $Secret = $script:FakeSecretText
    )
    $enc = [Text.Encoding]::UTF8
    $signingInput = (ConvertTo-Base64Url $enc.GetBytes($HeaderJson)) + '.' + (ConvertTo-Base64Url $enc.GetBytes($PayloadJson))
    $signingInput + '.' + (Get-Hs256Signature -SigningInput $signingInput -Secret $Secret)
}

function ConvertTo-CanonicalJson {
    # JSON with object keys sorted at every depth, so that two payloads compare by content, not by key order.
    param([Parameter(Mandatory, ValueFromPipeline)] [AllowNull()] $Value)
    process {
        function ConvertTo-SortedValue($v) {
            if ($v -is [System.Collections.IDictionary]) {
                $sorted = [ordered]@{}
                foreach ($k in ($v.Keys | Sort-Object -CaseSensitive)) { $sorted[$k] = ConvertTo-SortedValue $v[$k] }
                return $sorted
            }
            if ($v -is [System.Collections.IList]) { return , @($v | ForEach-Object { ConvertTo-SortedValue $_ }) }
            return $v
        }
        ConvertTo-SortedValue $Value | ConvertTo-Json -Depth 20 -Compress
    }
}

function Remove-TimeClaim {
    # What the oracle comparison ignores: the time claims and jti differ by design (see spec/access-token.md).
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseShouldProcessForStateChangingFunctions', '',
        Justification = 'Removes keys from the hashtable it is given; changes no state outside it.')]
    param([Parameter(Mandatory)] [System.Collections.IDictionary] $Payload)
    foreach ($claim in 'jti', 'iat', 'nbf', 'exp') { $Payload.Remove($claim) }
    $Payload
}

function Invoke-Oracle {
    # Mints with twilio-csharp (Twilio 8.2.0) in its own process; returns one JWT per case.
    param([Parameter(Mandatory)] [object[]] $Case)
    if (-not $env:TWILIOTOKENS_ORACLE) { throw 'TWILIOTOKENS_ORACLE is not set: run the suites through build.ps1 -Task Test.' }
    $json = ConvertTo-Json -InputObject $Case -Depth 20
    $out = $json | & dotnet $env:TWILIOTOKENS_ORACLE
    if ($LASTEXITCODE -ne 0) { throw "The oracle failed with exit code $LASTEXITCODE." }
    , [string[]] ($out | ConvertFrom-Json)
}

function Invoke-WithoutHost {
    # -WhatIf writes its "What if:" lines to the host, which no redirection reaches: this runs a script block in a
    # runspace of its own, which has no host, with the built module and the variables given. Returns what the block
    # outputs (with 4>&1, its verbose records too) and writes its errors as this command's.
    param([Parameter(Mandatory)] [scriptblock] $ScriptBlock, [hashtable] $Variable = @{})
    $runspace = [runspacefactory]::CreateRunspace()
    $ps = [powershell]::Create()
    try {
        $runspace.Open()
        $ps.Runspace = $runspace
        foreach ($name in $Variable.Keys) { $runspace.SessionStateProxy.SetVariable($name, $Variable[$name]) }
        $null = $ps.AddScript("Import-Module '$env:TWILIOTOKENS_MODULE'; . { $ScriptBlock }")
        $ps.Invoke()
        foreach ($record in $ps.Streams.Error) { Write-Error -ErrorRecord $record }
    }
    finally {
        $ps.Dispose()
        $runspace.Dispose()
    }
}

Export-ModuleMember -Function *

function Invoke-FreshPwsh {
    # Runs a script in a new pwsh process (same PowerShell as the suite) and returns its output lines.
    param([Parameter(Mandatory)] [string] $Script)
    $pwshDll = Join-Path $PSHOME 'pwsh.dll'
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($Script))
    if (Test-Path $pwshDll) {
        & ([Environment]::ProcessPath) $pwshDll -NoProfile -NonInteractive -EncodedCommand $encoded
    }
    else {
        & ([Environment]::ProcessPath) -NoProfile -NonInteractive -EncodedCommand $encoded
    }
}
Export-ModuleMember -Function Invoke-FreshPwsh
