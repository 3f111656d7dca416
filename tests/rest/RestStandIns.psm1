# Local stand-ins for Twilio's REST API, for the ApiKeys.*.Tests.ps1 suites. Both listen on 127.0.0.1 only, on
# ports chosen at run time so that parallel runs do not collide, and both are stopped by the suite that started them
# (by their Process object, never by name).
#
# - Prism (npm @stoplight/prism-cli, pinned in package.json/package-lock.json, installed by build.ps1 -Task Test)
#   serves Twilio's own OpenAPI descriptions (twilio-openapi/: the 2010-04-01 API and IAM v1, merged into one so that
#   one base URI answers both) and rejects any request that breaks them.
# - FakeTwilio (tests/TwilioTokens.FakeTwilio, built by build.ps1 into out/fake) keeps keys in memory, injects
#   faults and records every request. It exits by itself when its stdin closes.

Set-StrictMode -Version 3.0

$script:SpecPaths = @{
    V2010 = Join-Path $PSScriptRoot 'twilio-openapi/twilio_api_v2010_keys.yaml'
    Iam   = Join-Path $PSScriptRoot 'twilio-openapi/twilio_iam_v1_keys.yaml'
}
$script:PrismEntry = Join-Path $PSScriptRoot 'node_modules/@stoplight/prism-cli/dist/index.js'

function Get-FreeLoopbackPort {
    # The OS picks a free port; it is released at once for the server to take. Another process could take it in
    # between, so callers retry on a failed start.
    $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function Test-LoopbackPort {
    param([Parameter(Mandatory)] [int] $Port)
    $client = [Net.Sockets.TcpClient]::new()
    try { $client.ConnectAsync([Net.IPAddress]::Loopback, $Port).Wait(500) -and $client.Connected }
    catch { $false }
    finally { $client.Dispose() }
}

function New-StandInProcess {
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseShouldProcessForStateChangingFunctions', '',
        Justification = 'A test helper for a loopback stand-in the suite owns: there is nothing to preview or confirm.')]
    param([Parameter(Mandatory)] [string] $FileName, [Parameter(Mandatory)] [string[]] $Arguments, [switch] $KeepStdin)
    $info = [Diagnostics.ProcessStartInfo]::new($FileName)
    foreach ($a in $Arguments) { $info.ArgumentList.Add($a) }
    $info.UseShellExecute = $false
    $info.RedirectStandardInput = [bool] $KeepStdin
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.Environment['SCARF_ANALYTICS'] = 'false'
    [Diagnostics.Process]::Start($info)
}

function Get-MergedDescription {
    # Twilio's descriptions merged into one JSON document (paths, security schemes and schemas; their names do not
    # overlap), with js-yaml from Prism's own pinned dependencies. Returns its path, in a temporary folder.
    param([Parameter(Mandatory)] [string[]] $Path)
    $merged = Join-Path ([IO.Path]::GetTempPath()) "twiliotokens-openapi-$PID-$([guid]::NewGuid().ToString('n')).json"
    $merge = @'
const fs = require('fs'), yaml = require('js-yaml');
const [out, ...files] = process.argv.slice(1);
const docs = files.map(f => (yaml.safeLoad || yaml.load)(fs.readFileSync(f, 'utf8')));
const base = docs[0];
for (const doc of docs.slice(1)) {
  for (const [name, value] of Object.entries(doc.paths)) { if (base.paths[name]) throw new Error(name + ' twice'); base.paths[name] = value; }
  for (const part of ['securitySchemes', 'schemas']) {
    for (const [name, value] of Object.entries(doc.components[part] || {})) {
      if (base.components[part][name] && JSON.stringify(base.components[part][name]) !== JSON.stringify(value)) throw new Error(name + ' differs');
      base.components[part][name] = value;
    }
  }
}
fs.writeFileSync(out, JSON.stringify(base));
'@
    Push-Location $PSScriptRoot
    try { & node -e $merge $merged @Path } finally { Pop-Location }
    if ($LASTEXITCODE -ne 0) { throw "Could not merge $($Path -join ', ')." }
    $merged
}

function Start-Prism {
    <#
    .SYNOPSIS
        Starts Prism on a free 127.0.0.1 port serving Twilio's Keys descriptions and waits until it answers.
    .PARAMETER Only2010
        Serve the 2010-04-01 API alone: a Twilio whose IAM v1 is out of reach (Prism answers /v1/ with 404).
    #>
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseShouldProcessForStateChangingFunctions', '',
        Justification = 'A test helper for a loopback stand-in the suite owns: there is nothing to preview or confirm.')]
    param([switch] $Only2010)
    if (-not (Test-Path $script:PrismEntry)) { throw "Prism is not installed in $PSScriptRoot/node_modules: run build.ps1 -Task Test (it runs npm ci)." }
    $spec = if ($Only2010) { $script:SpecPaths.V2010 } else { Get-MergedDescription @($script:SpecPaths.V2010, $script:SpecPaths.Iam) }
    foreach ($try in 1..3) {
        $port = Get-FreeLoopbackPort
        # A request that breaks the spec gets 401/422 and a log line. Not --errors: that also fails on Prism's own
        # answers where Twilio's examples break Twilio's schema (relative first_page_uri for a "uri" format).
        $process = New-StandInProcess 'node' @($script:PrismEntry, 'mock', '-h', '127.0.0.1', '-p', "$port", $spec)
        # Drained in the background: an unread pipe would fill up and stall Prism.
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while (-not $process.HasExited -and [DateTime]::UtcNow -lt $deadline) {
            if (Test-LoopbackPort $port) {
                return [pscustomobject]@{ Process = $process; BaseUri = "http://127.0.0.1:$port"; Output = $stdout; Errors = $stderr; Merged = $(if (-not $Only2010) { $spec }) }
            }
            Start-Sleep -Milliseconds 200
        }
        Stop-StandIn ([pscustomobject]@{ Process = $process }) | Out-Null
    }
    throw 'Prism did not start listening on 127.0.0.1.'
}

function Start-FakeTwilio {
    <#
    .SYNOPSIS
        Starts the fault-injecting fake on 127.0.0.1 (the OS picks the port) and returns its base URI.
    #>
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseShouldProcessForStateChangingFunctions', '',
        Justification = 'A test helper for a loopback stand-in the suite owns: there is nothing to preview or confirm.')]
    param(
        # A Twilio whose IAM v1 refuses the credential: /v1/ answers 404 before any fault.
        [switch] $NoIam
    )
    $dll = $env:TWILIOTOKENS_FAKE_TWILIO
    if (-not $dll -or -not (Test-Path $dll)) { throw 'TWILIOTOKENS_FAKE_TWILIO is not set: run the suites through build.ps1 -Task Test.' }
    $process = New-StandInProcess 'dotnet' @(@($dll) + @(if ($NoIam) { '--no-iam' })) -KeepStdin
    $line = $process.StandardOutput.ReadLineAsync()
    if (-not $line.Wait(30000) -or $line.Result -notmatch '^LISTENING (http://127\.0\.0\.1:\d+)') {
        Stop-StandIn ([pscustomobject]@{ Process = $process }) | Out-Null
        throw "The fake did not start: $($process.StandardError.ReadToEnd())"
    }
    [pscustomobject]@{ Process = $process; BaseUri = $Matches[1]; Output = $null; Errors = $null }
}

function Stop-StandIn {
    <#
    .SYNOPSIS
        Stops a stand-in this session started and returns what it printed (Prism's log).
    #>
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseShouldProcessForStateChangingFunctions', '',
        Justification = 'A test helper for a loopback stand-in the suite owns: there is nothing to preview or confirm.')]
    param([Parameter(Mandatory)] [AllowNull()] $StandIn)
    if (-not $StandIn -or -not $StandIn.Process) { return }
    $process = $StandIn.Process
    if (-not $process.HasExited) {
        # The fake stops by itself when its stdin closes; Prism (and anything that hangs) is killed with its children.
        if ($process.StartInfo.RedirectStandardInput) { $process.StandardInput.Close() }
        if (-not $process.WaitForExit(5000)) { $process.Kill($true) }
        $process.WaitForExit(5000) | Out-Null
    }
    $log = ''
    foreach ($stream in @($StandIn.Output, $StandIn.Errors)) {
        if ($stream -and $stream.Wait(5000)) { $log += $stream.Result }
    }
    $process.Dispose()
    if ($StandIn.PSObject.Properties['Merged'] -and $StandIn.Merged) { Remove-Item -LiteralPath $StandIn.Merged -ErrorAction SilentlyContinue }
    $log
}

function Add-FakeFault {
    <#
    .SYNOPSIS
        Queues faults on the fake: each answers the next matching request (Times requests), in order.
    #>
    param(
        [Parameter(Mandatory)] [string] $BaseUri,
        [int] $Status,
        [string] $Body,
        [string] $ContentType,
        [hashtable] $Headers,
        [int] $DelayMs,
        [switch] $Drop,
        [int] $Times = 1,
        [string] $Method,
        # Only requests whose path starts with this: /v1/ (IAM v1) or /2010-04-01/.
        [string] $Path,
        # Let the fake act on the request (create, delete) before -Drop or -Status replaces its answer.
        [switch] $Process,
        # Answer normally but close the connection after this many bytes of the body.
        [int] $TruncateAt,
        # Spaces after -Body, streamed without Content-Length.
        [long] $PadBytes,
        # A listing page with one new key and a link to another page, every time.
        [switch] $EndlessPage
    )
    $fault = @{ status = $Status; delayMs = $DelayMs; drop = [bool] $Drop; times = $Times; process = [bool] $Process
        truncateAt = $TruncateAt; padBytes = $PadBytes; endlessPage = [bool] $EndlessPage }
    if ($PSBoundParameters.ContainsKey('Body')) { $fault.body = $Body }
    if ($ContentType) { $fault.contentType = $ContentType }
    if ($Headers) { $fault.headers = $Headers }
    if ($Method) { $fault.method = $Method }
    if ($Path) { $fault.path = $Path }
    Invoke-RestMethod -NoProxy -Method Post -Uri "$BaseUri/_fake/faults" -ContentType 'application/json' -Body (ConvertTo-Json @(, $fault) -Depth 4) | Out-Null
}

function Add-FakeKey {
    # Seeds keys in the fake; returns them as the fake stored them (with secrets: they are fake too).
    param([Parameter(Mandatory)] [string] $BaseUri, [Parameter(Mandatory)] [string] $AccountSid, [Parameter(Mandatory)] [string[]] $FriendlyName, [string[]] $Sid,
        # Seeds Restricted keys with these permissions.
        [string[]] $Permission)
    $seed = @{ accountSid = $AccountSid; friendlyNames = $FriendlyName }
    if ($Sid) { $seed.sids = $Sid }
    if ($Permission) { $seed.permissions = $Permission }
    $body = $seed | ConvertTo-Json
    Invoke-RestMethod -NoProxy -Method Post -Uri "$BaseUri/_fake/keys" -ContentType 'application/json' -Body $body
}

function Get-FakeRequest {
    # Every Twilio request the fake saw since the last reset, oldest first.
    param([Parameter(Mandatory)] [string] $BaseUri)
    # ForEach-Object: Invoke-RestMethod writes a JSON array as one object; this writes each request.
    Invoke-RestMethod -NoProxy -Uri "$BaseUri/_fake/requests" | ForEach-Object { $_ }
}

function Reset-FakeTwilio {
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseShouldProcessForStateChangingFunctions', '',
        Justification = 'A test helper for a loopback stand-in the suite owns: there is nothing to preview or confirm.')]
    param([Parameter(Mandatory)] [string] $BaseUri)
    Invoke-RestMethod -NoProxy -Method Post -Uri "$BaseUri/_fake/reset" | Out-Null
}

Export-ModuleMember -Function Get-FreeLoopbackPort, Start-Prism, Start-FakeTwilio, Stop-StandIn, Add-FakeFault, Add-FakeKey, Get-FakeRequest, Reset-FakeTwilio
