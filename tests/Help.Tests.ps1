# Help as Get-Help shows it from the built module (out/TwilioTokens/en-US), checked against the code: every
# exported cmdlet has a page, the pages' parameters match Get-Command's, and every example in the pages runs.

[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSAvoidUsingConvertToSecureStringWithPlainText', '',
    Justification = 'Fake secrets of the tests, which are plain text by design.')]
[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSReviewUnusedParameter', 'Vault',
    Justification = 'The Get-Secret stand-in below accepts -Vault as Get-Secret does; it has one vault.')]
param()

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-BuildToolPath 'Microsoft.PowerShell.PlatyPS') -Force
    Import-BuiltModule
    $docs = Join-Path $PSScriptRoot '../docs/en-US'

    # Every exported cmdlet, whoever added it: one without a page fails here. In the script scope, like $examples,
    # where the -ForEach of the blocks below reads them during discovery.
    $script:commands = @(Get-Command -Module TwilioTokens | Sort-Object Name | ForEach-Object { @{ Name = $_.Name; PagePath = Join-Path $docs "$($_.Name).md" } })

    # Every example of every page (its powershell code blocks, as platyPS reads the page), and every code block of
    # the about topic (its lines indented by 8 spaces; text is indented by 4), runs as its own test.
    $script:examples = @(
        foreach ($path in (Get-ChildItem $docs -Filter '*.md' | Sort-Object Name).FullName) {
            $page = Import-MarkdownCommandHelp -Path $path
            $lines = @(Get-Content $path)
            foreach ($example in $page.Examples) {
                $code = @([regex]::Matches($example.Remarks, '(?s)```powershell\r?\n(.*?)\r?\n```') | ForEach-Object { $_.Groups[1].Value }) -join "`n"
                $line = [array]::IndexOf($lines, "### $($example.Title)") + 1
                @{ Page = $page.Title; Title = $example.Title; Code = $code; Where = "${path}:$line" }
            }
        }
        $about = Join-Path $docs 'about_TwilioTokens.help.txt'
        foreach ($block in (Get-AboutCodeBlock -Path $about)) {
            @{ Page = 'about_TwilioTokens'; Title = "code block at line $($block.Line)"; Code = $block.Code; Where = "${about}:$($block.Line)" }
        }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-BuildToolPath 'Microsoft.PowerShell.PlatyPS') -Force
    Import-BuiltModule
    $script:Docs = Join-Path $PSScriptRoot '../docs/en-US'
    $script:ModuleBase = Split-Path $env:TWILIOTOKENS_MODULE
    $script:CommonParameters = [System.Management.Automation.Cmdlet]::CommonParameters

    function script:Get-CodeParameter {
        # The parameters a cmdlet's code declares, set by set, as the docs' yaml describes them.
        param([System.Management.Automation.CommandInfo] $Command)
        foreach ($set in $Command.ParameterSets) {
            foreach ($p in $set.Parameters | Where-Object Name -NotIn $CommonParameters) {
                $pipeline = @(if ($p.ValueFromPipeline) { 'ByValue' }; if ($p.ValueFromPipelineByPropertyName) { 'ByPropertyName' })
                $validateSet = $Command.Parameters[$p.Name].Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] }
                # The full name, as platyPS writes it; for a nullable type, that of the value (platyPS writes that).
                $type = [Nullable]::GetUnderlyingType($p.ParameterType) ?? $p.ParameterType
                [pscustomobject]@{
                    Set            = $set.Name
                    Name           = $p.Name
                    Type           = $type.FullName
                    Required       = $p.IsMandatory
                    Position       = if ($p.Position -eq [int]::MinValue) { 'Named' } else { "$($p.Position)" }
                    PipelineInput  = ($pipeline | Sort-Object) -join ', '
                    Aliases        = (@($p.Aliases) | Sort-Object) -join ', '
                    AcceptedValues = if ($validateSet) { ($validateSet.ValidValues | Sort-Object) -join ', ' } else { '' }
                }
            }
        }
    }

    function script:Get-DocParameter {
        # The same facts from a page's yaml blocks, as platyPS reads them; '(All)' stands for every parameter set.
        param([object] $Page, [string[]] $AllSets)
        foreach ($parameter in $Page.Parameters) {
            foreach ($metadata in $parameter.ParameterSets) {
                $sets = if ($metadata.Name -eq '(All)') { $AllSets } else { @($metadata.Name) }
                $pipeline = @(if ($metadata.ValueFromPipeline) { 'ByValue' }; if ($metadata.ValueFromPipelineByPropertyName) { 'ByPropertyName' })
                foreach ($set in $sets) {
                    [pscustomobject]@{
                        Set            = $set
                        Name           = $parameter.Name
                        Type           = $parameter.Type
                        Required       = $metadata.IsRequired
                        Position       = "$($metadata.Position)"
                        PipelineInput  = ($pipeline | Sort-Object) -join ', '
                        Aliases        = (@($parameter.Aliases) | Sort-Object) -join ', '
                        AcceptedValues = (@($parameter.AcceptedValues) | Sort-Object) -join ', '
                    }
                }
            }
        }
    }

    #region Running the examples
    # Each example runs in a new runspace with the built module imported and, as its location, a new folder
    # holding the files the examples read (users.csv, users.txt, agents.csv, token.txt, tokens.txt). Get-Secret is
    # a stand-in for SecretManagement's over a fake vault ($FakeVault: TwilioSigningKey, TwilioAccountSid,
    # TwilioApiKeySecret, TwilioAccount). Every TWILIO_* environment variable of this process is cleared, then
    # TWILIO_ACCOUNT_SID, TWILIO_API_KEY, TWILIO_API_SECRET and TWILIO_AUTH_TOKEN are set to fake credentials, as a
    # runbook's platform would set them, and TWILIO_API_BASE_URI to a loopback port where nothing listens, so that
    # no example can reach past this machine. Nothing is skipped: an example that cannot run fails.
    #
    # A page or an example that needs more adds a hook here, keyed by page ('New-TwilioApiKey') or by page and
    # example title ('New-TwilioApiKey/Example 2: ...'). A hook runs in this process before the example, with
    # $Context; it may set $Context.Environment entries, append script text to $Context.Prelude (run in the
    # example's runspace before the example) and add scriptblocks to $Context.Cleanup (run after the example, pass
    # or fail). For pages whose examples call the REST API, point them at a local fake server:
    #
    #   'New-TwilioApiKey' = {
    #       param($Context)
    #       $server = Start-FakeTwilioServer                      # on 127.0.0.1, a free port
    #       $Context.Environment['TWILIO_API_BASE_URI'] = $server.BaseUri
    #       $Context.Cleanup.Add({ $server.Stop() }.GetNewClosure())
    #   }
    # The API key pages run against the project's fake of Twilio (tests/rest), seeded with keys the examples name:
    # one fake for the whole suite, emptied and seeded again before each example.
    Import-Module (Join-Path $PSScriptRoot 'rest/RestStandIns.psm1') -Force
    $script:HelpFake = Start-FakeTwilio
    $restPageHook = {
        param($Context)
        Reset-FakeTwilio $HelpFake.BaseUri
        $null = Add-FakeKey -BaseUri $HelpFake.BaseUri -AccountSid (Get-FakeAccountSid) `
            -FriendlyName 'signing', 'legacy-sms', 'legacy-voice', 'ci-build', 'ci-deploy', 'voice-backend' -Sid (Get-FakeApiKeySid)
        $null = Add-FakeKey -BaseUri $HelpFake.BaseUri -AccountSid (Get-FakeAccountSid) -FriendlyName 'sms-reader' -Permission '/twilio/messaging/messages/read'
        $Context.Environment['TWILIO_API_BASE_URI'] = $HelpFake.BaseUri
        # The rotation recipe stores the new key: Set-Secret over a copy of the fake vault, which Get-Secret then reads.
        $Context.Prelude.Add('$global:__FakeSecretVault = $__FakeSecretVault.Clone()
function global:Set-Secret { param([Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] [object] $Secret) $__FakeSecretVault[$Name] = $Secret }')
    }
    $script:ExampleHooks = @{
        'New-TwilioApiKey'    = $restPageHook
        'Get-TwilioApiKey'    = $restPageHook
        'Set-TwilioApiKey'    = $restPageHook
        'Remove-TwilioApiKey' = $restPageHook
        'about_TwilioTokens'  = $restPageHook
    }

    $script:FakeVault = @{
        TwilioSigningKey   = Get-FakeCredential
        TwilioAccountSid   = Get-FakeAccountSid
        TwilioApiKeySecret = (Get-FakeCredential).Password
        TwilioAccount      = [pscredential]::new((Get-FakeAccountSid), (ConvertTo-SecureString 'fake-auth-token-0123456789abcdef' -AsPlainText -Force))
    }

    # The stand-in's body, defined in each example's runspace as Get-Secret. Like SecretManagement's, it returns
    # a PSCredential as is, a string as a SecureString unless -AsPlainText, and fails for an unknown name.
    $script:GetSecretStandIn = {
        [CmdletBinding()]
        param([Parameter(Mandatory, Position = 0)] [string] $Name, [Parameter(Position = 1)] [string] $Vault, [switch] $AsPlainText)
        if (-not $__FakeSecretVault.ContainsKey($Name)) {
            $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
                [System.Management.Automation.ItemNotFoundException]::new("The secret $Name was not found."), 'GetSecretNotFound', 'ObjectNotFound', $Name))
            return
        }
        $secret = $__FakeSecretVault[$Name]
        if ($secret -is [securestring] -and $AsPlainText) { return [System.Net.NetworkCredential]::new('', $secret).Password }
        if ($secret -is [string] -and -not $AsPlainText) { return ConvertTo-SecureString $secret -AsPlainText -Force }
        $secret
    }

    $key = Get-FakeCredential
    $now = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds()
    $expiredPayload = [ordered]@{
        jti = "$(Get-FakeApiKeySid)-0123456789abcdef0123456789abcdef"; iss = Get-FakeApiKeySid; sub = Get-FakeAccountSid
        iat = $now - 7200; exp = $now - 3600
        grants = [ordered]@{ identity = 'alice'; voice = [ordered]@{ incoming = @{ allow = $true }; outgoing = @{ application_sid = 'AP00000000000000000000000000000001' } } }
    } | ConvertTo-Json -Compress -Depth 5
    $expired = New-SignedTestToken -HeaderJson '{"alg":"HS256","typ":"JWT","cty":"twilio-fpa;v=1"}' -PayloadJson $expiredPayload
    $healthy = (New-TwilioVoiceGrant -IncomingAllow | New-TwilioAccessToken -Identity bob -AccountSid (Get-FakeAccountSid) -Credential $key -Ttl 86400).Jwt
    $otherKey = (New-TwilioAccessToken -Identity carol -AccountSid (Get-FakeAccountSid) -Credential (Get-FakeCredential -Other)).Jwt
    $script:ExampleFiles = @{
        'users.csv'  = "Identity,Email`nalice,alice@example.com`nbob,bob@example.com`ncarol,carol@example.com"
        'users.txt'  = "alice`nbob"
        'agents.csv' = "Identity,TwimlAppSid`nagent_1,AP00000000000000000000000000000001`nagent_2,AP00000000000000000000000000000002"
        'token.txt'  = $expired
        'tokens.txt' = "$expired`n$healthy`n$otherKey"
    }
    $script:ExampleCount = 0
    $script:ExampleTimeoutSeconds = 60

    function script:Invoke-HelpExample {
        # Runs one example as described above; returns its output and every error it raised, as text.
        param([string] $Page, [string] $Title, [string] $Code)
        $folder = Join-Path $TestDrive "example-$((++$script:ExampleCount))"
        $null = New-Item -ItemType Directory -Path $folder
        foreach ($name in $ExampleFiles.Keys) { Set-Content -Path (Join-Path $folder $name) -Value $ExampleFiles[$name] }
        $context = [pscustomobject]@{
            Page        = $Page
            Title       = $Title
            Folder      = $folder
            Environment = @{
                TWILIO_ACCOUNT_SID  = Get-FakeAccountSid
                TWILIO_API_KEY      = Get-FakeApiKeySid
                TWILIO_API_SECRET   = Get-FakeSecretText
                TWILIO_AUTH_TOKEN   = $FakeVault.TwilioAccount.GetNetworkCredential().Password
                TWILIO_API_BASE_URI = 'http://127.0.0.1:1'
            }
            Prelude     = [System.Collections.Generic.List[string]]::new()
            Cleanup     = [System.Collections.Generic.List[scriptblock]]::new()
        }
        $savedEnvironment = [Environment]::GetEnvironmentVariables()
        $runspace = [runspacefactory]::CreateRunspace()
        try {
            foreach ($hookKey in $Page, "$Page/$Title") {
                if ($ExampleHooks.ContainsKey($hookKey)) { & $ExampleHooks[$hookKey] $context }
            }
            foreach ($name in @([Environment]::GetEnvironmentVariables().Keys -like 'TWILIO_*')) { [Environment]::SetEnvironmentVariable($name, $null) }
            foreach ($name in $context.Environment.Keys) { [Environment]::SetEnvironmentVariable($name, $context.Environment[$name]) }
            $runspace.Open()
            $runspace.SessionStateProxy.SetVariable('__FakeSecretVault', $FakeVault)
            $prelude = "Import-Module '$($env:TWILIOTOKENS_MODULE)'; Set-Location -LiteralPath '$folder'`n" +
                "function global:Get-Secret {`n$GetSecretStandIn`n}`n" + ($context.Prelude -join "`n")
            $errors = [System.Collections.Generic.List[string]]::new()
            $output = $null
            foreach ($script in $prelude, $Code) {
                $ps = [powershell]::Create()
                $ps.Runspace = $runspace
                try {
                    # An example that hangs (a prompt, a server that never answers) fails instead of stalling the suite.
                    $pending = $ps.AddScript($script).BeginInvoke()
                    if ($pending.AsyncWaitHandle.WaitOne([timespan]::FromSeconds($ExampleTimeoutSeconds))) {
                        $output = @($ps.EndInvoke($pending))
                        foreach ($e in $ps.Streams.Error) { $errors.Add("$($e.FullyQualifiedErrorId): $e") }
                    }
                    else {
                        $ps.Stop()
                        $errors.Add("timed out after $ExampleTimeoutSeconds s")
                    }
                }
                catch {
                    $errors.Add("terminating: $($_.Exception.InnerException ?? $_.Exception)")
                }
                finally { $ps.Dispose() }
                if ($errors.Count) { break }
            }
            [pscustomobject]@{ Output = $output; Errors = $errors.ToArray() }
        }
        finally {
            $runspace.Dispose()
            foreach ($name in [Environment]::GetEnvironmentVariables().Keys) {
                if (-not $savedEnvironment.Contains($name)) { [Environment]::SetEnvironmentVariable($name, $null) }
            }
            foreach ($name in $savedEnvironment.Keys) { [Environment]::SetEnvironmentVariable($name, $savedEnvironment[$name]) }
            foreach ($cleanup in $context.Cleanup) { & $cleanup }
        }
    }
    #endregion
}

Describe 'Help for <Name>' -ForEach $commands {
    BeforeAll {
        $script:Command = Get-Command $Name
        $script:Help = Get-Help $Name -Full
        $script:Doc = if (Test-Path $PagePath) { Import-MarkdownCommandHelp -Path $PagePath }
        $script:AllSets = @($Command.ParameterSets.Name)
    }

    It 'has a page in docs/en-US, in platyPS 1.0''s schema, naming the help file PowerShell derives from the assembly' {
        $PagePath | Should -Exist -Because 'every exported cmdlet needs docs/en-US/<Verb-Noun>.md'
        $Doc.SchemaVersion | Should -BeExactly '2024-05-01'
        $Doc.Title | Should -BeExactly $Name
        # What platyPS finds wrong in a page (a missing section or metadata key); the Help task stops on these too.
        @($Doc.Diagnostics.Messages | Where-Object Severity -EQ 'Error' | ForEach-Object { "line $($_.Line): $($_.Identifier)" }) | Should -BeNullOrEmpty
        # PowerShell names a binary cmdlet's help file after its assembly: <file name>-Help.xml, in en-US/ beside it.
        $assemblyFile = Split-Path -Leaf $Command.ImplementingType.Assembly.Location
        $Doc.ExternalHelpFile | Should -BeExactly "$assemblyFile-Help.xml"
        Split-Path -Leaf $Command.HelpFile | Should -BeExactly $Doc.ExternalHelpFile
        $Doc.ModuleName | Should -BeExactly 'TwilioTokens'
        Join-Path $ModuleBase "en-US/$($Doc.ExternalHelpFile)" | Should -Exist
    }

    It 'shows the synopsis and description of its page' {
        $Doc | Should -Not -BeNullOrEmpty -Because "docs/en-US/$Name.md is missing"
        $Help.Synopsis | Should -BeExactly $Doc.Synopsis.Trim()
        # The same words: the MAML keeps the page's paragraphs, Get-Help may break their lines elsewhere.
        (($Help.description.Text -join ' ') -replace '\s+', ' ').Trim() | Should -BeExactly (($Doc.Description -replace '\s+', ' ').Trim())
    }

    It 'shows one syntax form per real parameter set, with the same parameters, mandatory where the code says' {
        $syntaxItems = @($Help.syntax.syntaxItem)
        $syntaxItems | Should -HaveCount $Command.ParameterSets.Count
        $forms = $syntaxItems | ForEach-Object { ((@($_.parameter) | ForEach-Object { "$($_.name)$(if ($_.required -eq 'true') { '!' })" }) | Sort-Object) -join ' ' }
        foreach ($set in $Command.ParameterSets) {
            $expected = (($set.Parameters | Where-Object Name -NotIn $CommonParameters | ForEach-Object { "$($_.Name)$(if ($_.IsMandatory) { '!' })" }) | Sort-Object) -join ' '
            $forms | Should -Contain $expected -Because "the parameter set '$($set.Name)' needs its syntax form (! = mandatory)"
        }
    }

    It 'has one syntax block per parameter set, named as the code names it, the default one marked (Default)' {
        $Doc | Should -Not -BeNullOrEmpty -Because "docs/en-US/$Name.md is missing"
        @($Doc.Syntax.ParameterSetName | Sort-Object) | Should -BeExactly @($Command.ParameterSets.Name | Sort-Object)
        if ($Command.ParameterSets.Count -gt 1) {
            @($Doc.Syntax | Where-Object IsDefaultParameterSet).ParameterSetName | Should -BeExactly $Command.DefaultParameterSet
        }
    }

    It 'describes every parameter Get-Command reports (common parameters aside)' {
        $names = $Command.Parameters.Keys | Where-Object { $_ -notin $CommonParameters }
        foreach ($name in $names) {
            $documented = $Help.parameters.parameter | Where-Object name -EQ $name
            $documented | Should -Not -BeNullOrEmpty -Because "-$name is a parameter of $($Command.Name)"
            ($documented.description.Text -join ' ').Trim() | Should -Not -BeNullOrEmpty -Because "-$name needs a description"
        }
        @($Help.parameters.parameter).Count | Should -Be @($names).Count -Because 'the help documents no parameter the cmdlet lacks'
    }

    It 'documents each parameter as the code declares it: name, type, mandatory, position, pipeline input, aliases, accepted values, per parameter set' {
        $Doc | Should -Not -BeNullOrEmpty -Because "docs/en-US/$Name.md is missing"
        $fromCode = @(Get-CodeParameter $Command | ForEach-Object { $_ | ConvertTo-Json -Compress }) | Sort-Object
        $fromDocs = @(Get-DocParameter $Doc $AllSets | ForEach-Object { $_ | ConvertTo-Json -Compress }) | Sort-Object
        # Every difference, in both directions, so a failure says exactly what drifted.
        $drift = @($fromCode | Where-Object { $_ -cnotin $fromDocs } | ForEach-Object { "code: $_" }) +
            @($fromDocs | Where-Object { $_ -cnotin $fromCode } | ForEach-Object { "docs: $_" })
        $drift | Should -BeNullOrEmpty
    }

    It 'shows inputs and outputs, including every type the cmdlet declares in OutputType' {
        @($Help.inputTypes.inputType.type.name | Where-Object { $_ }) | Should -Not -BeNullOrEmpty
        $outputs = @($Help.returnValues.returnValue.type.name)
        foreach ($type in $Command.OutputType.Name) { $outputs | Should -Contain $type }
    }

    It 'shows at least two examples, each with the code of its page' {
        @($Help.examples.example).Count | Should -BeGreaterOrEqual 2
        @($Help.examples.example).Count | Should -Be @($Doc.Examples).Count
        # platyPS 1.0 writes an example's code into its introduction, as the page's fenced block.
        for ($i = 0; $i -lt @($Doc.Examples).Count; $i++) {
            $code = [regex]::Match($Doc.Examples[$i].Remarks, '(?s)```powershell\r?\n(.*?)\r?\n```').Groups[1].Value
            $code | Should -Not -BeNullOrEmpty -Because "$($Doc.Examples[$i].Title) needs a powershell code block"
            ($Help.examples.example[$i] | Out-String -Width 500) -replace '\r', '' | Should -Match ([regex]::Escape(($code -replace '\r', '')))
        }
    }
}

Describe 'docs/en-US' {
    It 'has pages only for cmdlets the module exports' {
        $exported = (Get-Command -Module TwilioTokens).Name
        $pages = Get-ChildItem $Docs -Filter '*.md' | Where-Object Name -NotLike 'about_*' | ForEach-Object BaseName
        @($pages | Where-Object { $_ -cnotin $exported }) | Should -BeNullOrEmpty -Because 'a page for a cmdlet the module lacks would put stale help into the MAML'
    }

    It 'has no placeholder left, such as those Update-MarkdownCommandHelp writes for a new parameter' {
        @(Get-ChildItem $Docs -Filter '*.md' | Select-String -Pattern '\{\{.*\}\}|FILL IN' | ForEach-Object { "$($_.Filename):$($_.LineNumber): $($_.Line)" }) |
            Should -BeNullOrEmpty -Because 'build.ps1 -Task UpdateHelp leaves {{ ... }} where a description is to be written'
    }

    It 'is what Update-MarkdownCommandHelp makes of it from the built module (ms.date aside)' {
        # The UpdateHelp task's merge, on a copy: any syntax, parameter or input it would change is drift from the code.
        $copy = Join-Path $TestDrive 'update'
        $null = New-Item -ItemType Directory -Path $copy
        Copy-Item (Join-Path $Docs '*.md') $copy
        Get-ChildItem $copy -Filter '*.md' | Update-MarkdownCommandHelp -NoBackup -ErrorAction Stop
        $drift = foreach ($page in Get-ChildItem $copy -Filter '*.md') {
            $before = @(Get-Content (Join-Path $Docs $page.Name) | Where-Object { $_ -notmatch '^ms\.date:' })
            $after = @(Get-Content $page.FullName | Where-Object { $_ -notmatch '^ms\.date:' })
            Compare-Object $before $after -SyncWindow 0 | ForEach-Object { "$($page.Name) $($_.SideIndicator) $($_.InputObject)" }
        }
        @($drift) | Should -BeNullOrEmpty
    }
}

Describe 'about_TwilioTokens' {
    BeforeAll {
        $script:About = Get-Help about_TwilioTokens | Out-String
        $script:AboutFile = Join-Path $ModuleBase 'en-US/about_TwilioTokens.help.txt'
    }

    It 'is found by Get-Help, from en-US/about_TwilioTokens.help.txt in the module' {
        $AboutFile | Should -Exist
        $About | Should -Match 'about_twiliotokens'
        $About | Should -Match 'SHORT DESCRIPTION'
        $About | Should -Match 'TROUBLESHOOTING NOTE'
    }

    It 'mentions every exported cmdlet' {
        foreach ($name in (Get-Command -Module TwilioTokens).Name) { $About | Should -Match "\b$name\b" }
    }

    It 'covers the environment variables and the common Twilio errors' {
        foreach ($variable in 'TWILIO_ACCOUNT_SID', 'TWILIO_API_KEY', 'TWILIO_API_SECRET', 'TWILIO_AUTH_TOKEN', 'TWILIO_REGION', 'TWILIO_EDGE', 'TWILIO_API_BASE_URI') {
            $About | Should -Match "\b$variable\b"
        }
        foreach ($code in @(20101..20107) + @(20157, 20160, 20003)) { $About | Should -Match "- $code " -Because "error $code needs an entry" }
    }

    It 'ships as UTF-8 text wrapped at 80 columns' {
        $lines = Get-Content $AboutFile -Encoding utf8
        @($lines | Where-Object { $_.Length -gt 80 -and $_ -notmatch '^\s*\S+$' }) | Should -BeNullOrEmpty
    }

    It 'is docs/en-US/about_TwilioTokens.help.txt as written, with its code blocks found for the example tests' {
        $source = Join-Path $Docs 'about_TwilioTokens.help.txt'
        (Get-FileHash $AboutFile).Hash | Should -Be (Get-FileHash $source).Hash
        @(Get-AboutCodeBlock -Path $source).Count | Should -BeGreaterOrEqual 4
        @(Get-AboutCodeBlock -Path $source)[0].Code | Should -Match '^\$PSDefaultParameterValues\['
    }
}

Describe 'Get-Help in a fresh pwsh against out/' {
    It 'finds the MAML and the about topic for the binary module, with the synopses of the pages' {
        $names = (Get-Command -Module TwilioTokens).Name
        $script = @"
`$ProgressPreference = 'SilentlyContinue'
Import-Module '$($env:TWILIOTOKENS_MODULE)'
foreach (`$name in '$($names -join "','")') { "`$name|`$((Get-Command `$name).HelpFile)|`$((Get-Help `$name).Synopsis)" }
"about|`$(@(Get-Help about_TwilioTokens | Select-String 'about_twiliotokens').Count)"
"@
        $lines = Invoke-FreshPwsh $script
        foreach ($name in $names) {
            $synopsis = (Import-MarkdownCommandHelp -Path (Join-Path $Docs "$name.md")).Synopsis.Trim()
            $lines | Should -Contain "$name|TwilioTokens.dll-Help.xml|$synopsis"
        }
        $lines | Should -Contain 'about|1'
    }
}

Describe 'Example <Page>: <Title>' -ForEach $examples {
    It 'runs without error (<Where>)' {
        $result = Invoke-HelpExample -Page $Page -Title $Title -Code $Code
        $result.Errors | Should -BeNullOrEmpty -Because "the example at $Where must run as written"
        $shown = $result.Output | Out-String -Width 500
        foreach ($secret in (Get-FakeSecretText), $FakeVault.TwilioAccount.GetNetworkCredential().Password) {
            $shown | Should -Not -Match ([regex]::Escape($secret)) -Because 'a secret never appears in output'
        }
    }
}

Describe 'The example runner' {
    It 'reports a non-terminating error' {
        (Invoke-HelpExample -Page 'runner' -Title 'bad identity' -Code "New-TwilioAccessToken -Identity '' -Credential (Get-Secret TwilioSigningKey)").Errors |
            Should -Match 'InvalidIdentity'
    }

    It 'stops an example that hangs' {
        $script:ExampleTimeoutSeconds = 2
        try { (Invoke-HelpExample -Page 'runner' -Title 'hangs' -Code 'Start-Sleep -Seconds 30').Errors | Should -Match 'timed out' }
        finally { $script:ExampleTimeoutSeconds = 60 }
    }

    It 'reports a terminating error and an unknown secret' {
        (Invoke-HelpExample -Page 'runner' -Title 'throws' -Code 'throw "boom"').Errors | Should -Match 'boom'
        (Invoke-HelpExample -Page 'runner' -Title 'no such secret' -Code 'Get-Secret NoSuchSecret').Errors | Should -Match 'GetSecretNotFound'
    }

    It 'gives the example the stand-in vault, the fake environment and the prepared files, and restores the environment' {
        $before = $env:TWILIO_API_KEY
        $env:TWILIO_EDGE = 'sydney'
        try {
            $result = Invoke-HelpExample -Page 'runner' -Title 'context' -Code @'
$env:TWILIO_EXAMPLE_LEAK = 'x'
(Get-Secret TwilioSigningKey).UserName
Get-Secret TwilioAccountSid -AsPlainText
$env:TWILIO_API_KEY
"edge=$env:TWILIO_EDGE"
$env:TWILIO_API_BASE_URI
(Import-Csv ./users.csv).Identity -join ','
'@
            $result.Errors | Should -BeNullOrEmpty
            @($result.Output) | Should -Be @((Get-FakeApiKeySid), (Get-FakeAccountSid), (Get-FakeApiKeySid), 'edge=', 'http://127.0.0.1:1', 'alice,bob,carol')
            $env:TWILIO_EXAMPLE_LEAK | Should -BeNullOrEmpty
            $env:TWILIO_API_KEY | Should -Be $before
            $env:TWILIO_EDGE | Should -BeExactly 'sydney'
        }
        finally { $env:TWILIO_EDGE = $null }
    }

    It 'runs hooks for the page and for the example, with their environment, prelude and cleanup' {
        $script:ExampleHooks['runner'] = { param($Context) $Context.Environment['TWILIO_REGION'] = 'ie1' }
        $script:ExampleHooks['runner/hooked'] = {
            param($Context)
            $Context.Prelude.Add('$fromPrelude = 42')
            $Context.Cleanup.Add({ $script:CleanedUp = $true })
        }
        $script:CleanedUp = $false
        try {
            $result = Invoke-HelpExample -Page 'runner' -Title 'hooked' -Code '$env:TWILIO_REGION; $fromPrelude'
        }
        finally { $ExampleHooks.Remove('runner'); $ExampleHooks.Remove('runner/hooked') }
        $result.Errors | Should -BeNullOrEmpty
        @($result.Output) | Should -Be @('ie1', 42)
        $CleanedUp | Should -BeTrue
        $env:TWILIO_REGION | Should -BeNullOrEmpty
    }

    It 'has hooks only for pages that exist' {
        foreach ($key in $ExampleHooks.Keys) { $page = ($key -split '/')[0]; Join-Path $Docs ($page -like 'about_*' ? "$page.help.txt" : "$page.md") | Should -Exist }
    }
}

AfterAll {
    if ($script:HelpFake) { Stop-StandIn $HelpFake | Out-Null }
}
