<#
.SYNOPSIS
    The speed goals of docs/performance.md, each a ratio of two jobs measured side by side in this run.
.DESCRIPTION
    Started by build.ps1 -Task Bench with the module built in out/TwilioTokens, the no-op module
    (tests/benchmarks/NoOpTokens) and twilio-csharp's loop (tests/benchmarks/TwilioCsharpLoop, whose output folder also
    holds twilio-csharp and IdentityModel for the PowerShell peers) built beside it. Every job runs in a new pwsh, as a
    user's script does:

    - ColdStart: import the module, mint one token and decode it with -Credential; against the same script on the no-op
      module. Whole-process wall time. Both build their SecureString by hand: ConvertTo-SecureString loads a module of
      its own, which would be timed on both sides.
    - BulkMinting: New-TwilioAccessToken -Identity with 50,000 names, timed inside the process after 1,000 untimed;
      against twilio-csharp's bare C# loop, timed the same way.
    - CsvJob: Import-Csv (10,000 rows) | New-TwilioAccessToken | Select-Object Identity, Jwt | Export-Csv; against the
      same job written with twilio-csharp from PowerShell. Whole-process wall time.
    - DecodeJob: 10,000 tokens from a file | ConvertFrom-TwilioAccessToken -Credential | Export-Csv; against the same job
      written with JsonWebTokenHandler.ValidateTokenAsync from PowerShell, writing the token's identity, SIDs, id, times
      and verdict. Whole-process wall time.

    The two sides of a pair run back to back, in alternating order, and the ratio reported is the median of the pairs'
    ratios, so that the drift of a shared 2-core machine hits both sides of a pair alike. A single pair scatters by
    10-20% either way there, and three goals lie within a few hundredths of their ratios, so each median is taken over
    25 pairs (61 for the shorter cold start). Writes one object per ratio (Name, Ratio, Goal, Direction, Met, Runs,
    Detail) and, with -ResultFile, the same as JSON.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $NoOpModulePath,
    [Parameter(Mandatory)] [string] $TwilioLoopPath,
    [int] $Runs = 25,
    [int] $ColdStartRuns = 61,
    [int] $BulkCount = 50000,
    [int] $RowCount = 10000,
    [string] $ResultFile
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
Import-Module (Join-Path $PSScriptRoot 'BenchmarkHelpers.psm1') # Get-Median, Invoke-NewPwsh

$AccountSid = 'AC00000000000000000000000000000001'
$ApiKeySid = 'SK00000000000000000000000000000001'
$SecretText = 'fake-secret-do-not-use-0123456789'
$ModulePath = (Resolve-Path $ModulePath).Path
$NoOpModulePath = (Resolve-Path $NoOpModulePath).Path
$TwilioLoopPath = (Resolve-Path $TwilioLoopPath).Path
$PeerFolder = Split-Path $TwilioLoopPath

# The signing credential, built without ConvertTo-SecureString (see ColdStart).
$NewCredential = @"
`$secret = [securestring]::new()
foreach (`$c in '$SecretText'.ToCharArray()) { `$secret.AppendChar(`$c) }
`$cred = [pscredential]::new('$ApiKeySid', `$secret)
"@

# twilio-csharp and IdentityModel, as a script would load them from a folder.
$LoadPeer = @"
foreach (`$name in 'Microsoft.IdentityModel.Abstractions', 'Microsoft.IdentityModel.Logging', 'Microsoft.IdentityModel.Tokens',
    'Microsoft.IdentityModel.JsonWebTokens', 'System.IdentityModel.Tokens.Jwt', 'Twilio') {
    Add-Type -Path (Join-Path '$PeerFolder' "`$name.dll")
}
"@

function Measure-Process([string] $File, [string[]] $Arguments) {
    # Milliseconds of a new pwsh running $File, start to exit.
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $null = Invoke-NewPwsh $File $Arguments
    $watch.Stop()
    $watch.Elapsed.TotalMilliseconds
}

function ConvertTo-Result {
    param([string] $Name, [double[]] $Ratios, [double] $Goal, [ValidateSet('AtLeast', 'AtMost')] [string] $Direction, [string] $Detail)
    $ratio = Get-Median $Ratios
    [pscustomobject]@{
        Name      = $Name
        Ratio     = [Math]::Round($ratio, 3)
        Goal      = $Goal
        Direction = $Direction
        Met       = if ($Direction -eq 'AtLeast') { $ratio -ge $Goal } else { $ratio -le $Goal }
        Runs      = @($Ratios | ForEach-Object { [Math]::Round($_, 3) })
        Detail    = $Detail
    }
}

function Measure-Pair {
    # $Count pairs of whole-process runs of two scripts, in alternating order. The ratio of a ceiling (AtMost) is our
    # time over the peer's; of a speed-up (AtLeast), the peer's time over ours.
    param([string] $Name, [string] $Ours, [string] $Peer, [int] $Count, [double] $Goal, [string] $Direction, [string] $PeerName)
    # One untimed run of each first, so that neither side pays for reading files from disk the first time.
    $null = Invoke-NewPwsh $Ours; $null = Invoke-NewPwsh $Peer
    $ratios = @(); $oursMs = @(); $peerMs = @()
    for ($run = 0; $run -lt $Count; $run++) {
        if ($run % 2) { $p = Measure-Process $Peer; $o = Measure-Process $Ours }
        else { $o = Measure-Process $Ours; $p = Measure-Process $Peer }
        $ratios += if ($Direction -eq 'AtMost') { $o / $p } else { $p / $o }
        $oursMs += $o; $peerMs += $p
    }
    ConvertTo-Result $Name $ratios $Goal $Direction ("medians: TwilioTokens {0:N0} ms, {1} {2:N0} ms" -f (Get-Median $oursMs), $PeerName, (Get-Median $peerMs))
}

$scratch = Join-Path ([IO.Path]::GetTempPath()) "twiliotokens-bench-$PID"
New-Item -ItemType Directory -Path $scratch -Force | Out-Null
$results = [Collections.Generic.List[object]]::new()
try {
    $csvFile = Join-Path $scratch 'users.csv'
    $tokenFile = Join-Path $scratch 'tokens.txt'
    Set-Content $csvFile (@('Identity,Team') + @(foreach ($i in 1..$RowCount) { "user$i,blue" }))
    $setup = Join-Path $scratch 'setup.ps1'
    Set-Content $setup @"
Import-Module '$ModulePath'
$NewCredential
(New-TwilioAccessToken -Identity (Import-Csv '$csvFile').Identity -Grant (New-TwilioVoiceGrant -IncomingAllow) -AccountSid '$AccountSid' -Credential `$cred).Jwt |
    Set-Content '$tokenFile'
"@
    $null = Invoke-NewPwsh $setup

    $scripts = @{
        ColdOurs    = @"
Import-Module '$ModulePath'
$NewCredential
`$token = New-TwilioAccessToken alice -Grant (New-TwilioVoiceGrant -IncomingAllow) -AccountSid '$AccountSid' -Credential `$cred
`$null = ConvertFrom-TwilioAccessToken `$token.Jwt -Credential `$cred
"@
        ColdNoOp    = @"
Import-Module '$NoOpModulePath'
$NewCredential
`$token = New-NoOpToken alice -Grant (New-NoOpGrant -IncomingAllow) -AccountSid '$AccountSid' -Credential `$cred
`$null = ConvertFrom-NoOpToken "`$token" -Credential `$cred
"@
        CsvOurs     = @"
Import-Module '$ModulePath'
$NewCredential
Import-Csv '$csvFile' | New-TwilioAccessToken -Grant (New-TwilioVoiceGrant -IncomingAllow) -AccountSid '$AccountSid' -Credential `$cred |
    Select-Object Identity, Jwt | Export-Csv '$scratch/ours.csv'
"@
        CsvPeer     = @"
$LoadPeer
`$voice = [Twilio.Jwt.AccessToken.VoiceGrant]::new()
`$voice.IncomingAllow = `$true
`$grants = [System.Collections.Generic.HashSet[Twilio.Jwt.AccessToken.IGrant]]::new()
`$null = `$grants.Add(`$voice)
Import-Csv '$csvFile' | ForEach-Object {
    `$token = [Twilio.Jwt.AccessToken.Token]::new('$AccountSid', '$ApiKeySid', '$SecretText', `$_.Identity, [datetime]::UtcNow.AddSeconds(3600), `$null, `$grants, [NullString]::Value)
    [pscustomobject]@{ Identity = `$_.Identity; Jwt = `$token.ToJwt() }
} | Export-Csv '$scratch/peer.csv'
"@
        DecodeOurs  = @"
Import-Module '$ModulePath'
$NewCredential
Get-Content '$tokenFile' | ConvertFrom-TwilioAccessToken -Credential `$cred | Export-Csv '$scratch/decoded-ours.csv'
"@
        DecodePeer  = @"
$LoadPeer
`$handler = [Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler]::new()
`$parameters = [Microsoft.IdentityModel.Tokens.TokenValidationParameters]::new()
`$parameters.IssuerSigningKey = [Microsoft.IdentityModel.Tokens.SymmetricSecurityKey]::new([Text.Encoding]::UTF8.GetBytes('$SecretText'))
`$parameters.ValidateIssuer = `$false
`$parameters.ValidateAudience = `$false
Get-Content '$tokenFile' | ForEach-Object {
    `$result = `$handler.ValidateTokenAsync(`$_, `$parameters).GetAwaiter().GetResult()
    `$token = [Microsoft.IdentityModel.JsonWebTokens.JsonWebToken] `$result.SecurityToken
    [pscustomobject]@{
        Identity = `$result.Claims['grants'].GetProperty('identity').GetString(); AccountSid = `$token.Subject; ApiKeySid = `$token.Issuer
        Id = `$token.Id; IssuedAt = `$token.IssuedAt; ExpiresAt = `$token.ValidTo; IsValid = `$result.IsValid
    }
} | Export-Csv '$scratch/decoded-peer.csv'
"@
        BulkOurs    = @"
param([int] `$Count)
Import-Module '$ModulePath'
$NewCredential
`$voice = New-TwilioVoiceGrant -IncomingAllow -OutgoingApplicationSid APabababababababababababababababab
`$names = [string[]]::new(`$Count)
for (`$i = 0; `$i -lt `$Count; `$i++) { `$names[`$i] = "user`$i" }
`$null = New-TwilioAccessToken -Identity `$names[0..999] -Grant `$voice -AccountSid '$AccountSid' -Credential `$cred
`$watch = [Diagnostics.Stopwatch]::StartNew()
`$tokens = New-TwilioAccessToken -Identity `$names -Grant `$voice -AccountSid '$AccountSid' -Credential `$cred
`$watch.Stop()
if (`$tokens.Count -ne `$Count) { throw "Minted `$(`$tokens.Count) tokens, not `$Count." }
`$watch.Elapsed.TotalMilliseconds.ToString([cultureinfo]::InvariantCulture)
"@
    }
    $files = @{}
    foreach ($name in $scripts.Keys) {
        $files[$name] = Join-Path $scratch "$name.ps1"
        Set-Content $files[$name] $scripts[$name]
    }

    # The jobs are checked before they are timed: each side must have done the whole work, and ours must be valid.
    foreach ($name in 'CsvOurs', 'CsvPeer', 'DecodeOurs', 'DecodePeer') { $null = Invoke-NewPwsh $files[$name] }
    foreach ($file in 'ours.csv', 'peer.csv', 'decoded-ours.csv', 'decoded-peer.csv') {
        $rows = @(Import-Csv (Join-Path $scratch $file))
        if ($rows.Count -ne $RowCount) { throw "$file has $($rows.Count) rows, not $RowCount." }
    }
    if (@(Import-Csv (Join-Path $scratch 'decoded-ours.csv') | Where-Object SignatureStatus -NE 'Valid').Count) { throw 'Decoding found invalid tokens.' }
    if (@(Import-Csv (Join-Path $scratch 'decoded-peer.csv') | Where-Object IsValid -NE 'True').Count) { throw 'JsonWebTokenHandler found invalid tokens.' }

    $results.Add((Measure-Pair 'ColdStart' $files.ColdOurs $files.ColdNoOp $ColdStartRuns 1.10 AtMost 'no-op module'))

    $ratios = @(); $ours = @(); $theirs = @()
    for ($run = 0; $run -lt $Runs; $run++) {
        $t = [double] (& dotnet $TwilioLoopPath $BulkCount 1000)
        if ($LASTEXITCODE -ne 0) { throw "twilio-csharp's loop failed with exit code $LASTEXITCODE." }
        $o = [double] (Invoke-NewPwsh $files.BulkOurs @("$BulkCount"))
        $ratios += $t / $o; $ours += $o; $theirs += $t
    }
    $results.Add((ConvertTo-Result 'BulkMinting' $ratios 1.5 AtLeast (
                "{0:N0} names: New-TwilioAccessToken -Identity {1:N0}/s, twilio-csharp's C# loop {2:N0}/s (medians)" -f
                $BulkCount, ($BulkCount * 1000 / (Get-Median $ours)), ($BulkCount * 1000 / (Get-Median $theirs)))))

    $results.Add((Measure-Pair 'CsvJob' $files.CsvOurs $files.CsvPeer $Runs 1.0 AtLeast 'twilio-csharp from PowerShell'))
    $results.Add((Measure-Pair 'DecodeJob' $files.DecodeOurs $files.DecodePeer $Runs 1.15 AtLeast 'JsonWebTokenHandler from PowerShell'))
}
finally {
    Remove-Item $scratch -Recurse -Force -ErrorAction SilentlyContinue
}

if ($ResultFile) { $results | ConvertTo-Json -Depth 5 | Set-Content $ResultFile }
$results
