# Local stand-ins for Twilio's REST API, for the ApiKeys.*.Tests.ps1 suites. Both listen on 127.0.0.1 only, on
# ports chosen at run time so that parallel runs do not collide, and both are stopped by the suite that started them
# (by their Process object, never by name).
#
# - Prism (npm @stoplight/prism-cli, pinned in package.json/package-lock.json, installed by build.ps1 -Task Test)
#   serves Twilio's own OpenAPI description (twilio-openapi/) and rejects any request that breaks it.
# - FakeTwilio (tests/TwilioTokens.FakeTwilio, built by build.ps1 into out/fake) keeps keys in memory, injects
#   faults and records every request. It exits by itself when its stdin closes.

Set-StrictMode -Version 3.0

$script:SpecPath = Join-Path $PSScriptRoot 'twilio-openapi/twilio_api_v2010_keys.yaml'
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

function Start-Prism {
    <#
    .SYNOPSIS
        Starts Prism on a free 127.0.0.1 port serving Twilio's Keys description and waits until it answers.
    #>
    [Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseShouldProcessForStateChangingFunctions', '',
        Justification = 'A test helper for a loopback stand-in the suite owns: there is nothing to preview or confirm.')]
    param()
    if (-not (Test-Path $script:PrismEntry)) { throw "Prism is not installed in $PSScriptRoot/node_modules: run build.ps1 -Task Test (it runs npm ci)." }
    foreach ($try in 1..3) {
        $port = Get-FreeLoopbackPort
        # A request that breaks the spec gets 401/422 and a log line. Not --errors: that also fails on Prism's own
        # answers where Twilio's examples break Twilio's schema (relative first_page_uri for a "uri" format).
        $process = New-StandInProcess 'node' @($script:PrismEntry, 'mock', '-h', '127.0.0.1', '-p', "$port", $script:SpecPath)
        # Drained in the background: an unread pipe would fill up and stall Prism.
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while (-not $process.HasExited -and [DateTime]::UtcNow -lt $deadline) {
            if (Test-LoopbackPort $port) {
                return [pscustomobject]@{ Process = $process; BaseUri = "http://127.0.0.1:$port"; Output = $stdout; Errors = $stderr }
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
    param()
    $dll = $env:TWILIOTOKENS_FAKE_TWILIO
    if (-not $dll -or -not (Test-Path $dll)) { throw 'TWILIOTOKENS_FAKE_TWILIO is not set: run the suites through build.ps1 -Task Test.' }
    $process = New-StandInProcess 'dotnet' @($dll) -KeepStdin
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
    Invoke-RestMethod -NoProxy -Method Post -Uri "$BaseUri/_fake/faults" -ContentType 'application/json' -Body (ConvertTo-Json @(, $fault) -Depth 4) | Out-Null
}

function Add-FakeKey {
    # Seeds keys in the fake; returns them as the fake stored them (with secrets: they are fake too).
    param([Parameter(Mandatory)] [string] $BaseUri, [Parameter(Mandatory)] [string] $AccountSid, [Parameter(Mandatory)] [string[]] $FriendlyName, [string[]] $Sid)
    $seed = @{ accountSid = $AccountSid; friendlyNames = $FriendlyName }
    if ($Sid) { $seed.sids = $Sid }
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
