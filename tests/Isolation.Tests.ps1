# Dependency isolation, in real pwsh processes: the engine's third-party assemblies load into a private
# AssemblyLoadContext, so another module's Microsoft.IdentityModel.* (loaded before us) can neither break us nor be
# shared with us, and the default context is left as we found it.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    # The start of every script below: import the built module, mint one token and verify it, printing "verified=...".
    $script:MintAndVerify = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$($env:TWILIOTOKENS_MODULE)'
`$cred = [pscredential]::new('$(Get-FakeApiKeySid)', (ConvertTo-SecureString '$(Get-FakeSecretText)' -AsPlainText -Force))
`$token = New-TwilioAccessToken alice -AccountSid '$(Get-FakeAccountSid)' -Credential `$cred
"verified=`$((`$token | ConvertFrom-TwilioAccessToken -Credential `$cred).SignatureStatus)"
"@

    # Prints "<name> <version> <load context name>" for every loaded assembly whose name matches the pattern.
    $script:ListAssemblies = @'
function Get-LoadedAssembly([string] $Pattern) {
    foreach ($a in [AppDomain]::CurrentDomain.GetAssemblies()) {
        $n = $a.GetName()
        if ($n.Name -match $Pattern) {
            '{0} {1} {2}' -f $n.Name, $n.Version, [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($a).Name
        }
    }
}
'@

    $script:PSResourceGetAbstractions = Join-Path (Get-Module -ListAvailable Microsoft.PowerShell.PSResourceGet |
            Sort-Object Version -Descending | Select-Object -First 1).ModuleBase 'dependencies/Microsoft.IdentityModel.Abstractions.dll'
    $script:Dependencies = Join-Path (Split-Path $env:TWILIOTOKENS_MODULE) 'dependencies'
}

Describe 'Dependency isolation on PowerShell 7' {
    It 'mints and verifies after PSResourceGet''s Microsoft.IdentityModel.Abstractions 6.35 was loaded first' {
        $PSResourceGetAbstractions | Should -Exist
        [Reflection.AssemblyName]::GetAssemblyName($PSResourceGetAbstractions).Version.Major | Should -Be 6
        $out = Invoke-FreshPwsh @"
$ListAssemblies
Add-Type -Path '$PSResourceGetAbstractions'
$MintAndVerify
Get-LoadedAssembly '^Microsoft\.IdentityModel\.Abstractions$'
"@
        $out | Should -Contain 'verified=Valid'
        # Both versions side by side: PSResourceGet's in the default context, ours in the module's own.
        $out | Should -Contain 'Microsoft.IdentityModel.Abstractions 6.35.0.0 Default'
        $out | Where-Object { $_ -match '^Microsoft\.IdentityModel\.Abstractions 8\.\S+ TwilioTokens$' } | Should -HaveCount 1
    }

    It 'uses its private copies even when the default context already holds the same IdentityModel version' {
        # A module shipping the same or a newer version must not end up shared with us: the runtime would hand the
        # default context's copy to the engine if the private dependencies were not loaded first.
        $out = Invoke-FreshPwsh @"
$ListAssemblies
Add-Type -Path '$(Join-Path $Dependencies 'Microsoft.IdentityModel.Abstractions.dll')'
Add-Type -Path '$(Join-Path $Dependencies 'Microsoft.IdentityModel.Tokens.dll')'
$MintAndVerify
Get-LoadedAssembly '^Microsoft\.IdentityModel\.(Abstractions|Tokens)$'
"@
        $out | Should -Contain 'verified=Valid'
        @($out -match '^Microsoft\.IdentityModel\.Tokens \S+ Default$') | Should -HaveCount 1
        @($out -match '^Microsoft\.IdentityModel\.Tokens \S+ TwilioTokens$') | Should -HaveCount 1
        @($out -match '^Microsoft\.IdentityModel\.Abstractions \S+ TwilioTokens$') | Should -HaveCount 1
    }

}

Describe 'A clean session on PowerShell 7' {
    BeforeAll {
        $script:CleanSession = Invoke-FreshPwsh @"
$ListAssemblies
Import-Module '$($env:TWILIOTOKENS_MODULE)'
'import: contexts=' + @([System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -eq 'TwilioTokens').Count
'import: fromDependencies=' + @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { -not `$_.IsDynamic -and `$_.Location -like '$Dependencies*' }).Count
$MintAndVerify
'default=' + @([System.Runtime.Loader.AssemblyLoadContext]::Default.Assemblies.GetName().Name -match '^(Microsoft|System)\.IdentityModel\.').Count
Get-LoadedAssembly '^(TwilioTokens|TwilioTokens\.Engine|System\.IdentityModel\.Tokens\.Jwt|Microsoft\.IdentityModel\..+|System\.Text\.Json|System\.Memory)$'
# Whatever was loaded from dependencies/ must be in the module's context, never in the default one.
foreach (`$a in [System.Runtime.Loader.AssemblyLoadContext]::Default.Assemblies) {
    if (-not `$a.IsDynamic -and `$a.Location -like '$Dependencies*') { "leaked=`$(`$a.Location)" }
}
`$engine = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'TwilioTokens.Engine' }
'engine=' + `$engine.Location
"@
    }

    It 'loads nothing from dependencies/ at import' {
        $CleanSession | Should -Contain 'import: contexts=0'
        $CleanSession | Should -Contain 'import: fromDependencies=0'
    }

    It 'leaves no IdentityModel assembly in the default context after minting and verifying' {
        $CleanSession | Should -Contain 'verified=Valid'
        $CleanSession | Should -Contain 'default=0'
        $CleanSession -match '^leaked=' | Should -BeNullOrEmpty
        @($CleanSession -match '^TwilioTokens \S+ Default$') | Should -HaveCount 1
        @($CleanSession -match '^TwilioTokens\.Engine \S+ TwilioTokens$') | Should -HaveCount 1
        @($CleanSession -match '^Microsoft\.IdentityModel\.Tokens \S+ TwilioTokens$') | Should -HaveCount 1
        $CleanSession -match '^(Microsoft|System)\.IdentityModel\.' | Should -Not -BeNullOrEmpty
        $CleanSession -match '^(Microsoft|System)\.IdentityModel\.' -notmatch ' TwilioTokens$' | Should -BeNullOrEmpty
    }

    It 'loads the engine from dependencies/' {
        $CleanSession | Should -Contain 'verified=Valid'
        $CleanSession | Should -Contain "engine=$(Join-Path $Dependencies 'TwilioTokens.Engine.dll')"
    }

    It 'takes the framework''s assemblies from the runtime, once, in the default context' {
        # The runtime provides System.Text.Json (newer than the 8.0 we ship for Windows PowerShell): one copy, shared.
        @($CleanSession -match '^System\.Text\.Json ') | Should -Be @("System.Text.Json $([System.Text.Json.JsonSerializer].Assembly.GetName().Version) Default")
    }
}

Describe 'Import, remove and import again in one session' {
    BeforeAll {
        # Test-Resolve asks the private context for a dependency that nothing loaded yet, in a version newer than the
        # runtime's so that the default context cannot answer: only the Resolving hook can find it in dependencies/.
        $script:Session = Invoke-FreshPwsh @"
$MintAndVerify
`$context = [System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -eq 'TwilioTokens'
function Test-Resolve([string] `$Name) {
    try { `$null = `$context.LoadFromAssemblyName([Reflection.AssemblyName]::new("`$Name, Version=99.0.0.0")); 'resolved' } catch { 'unresolved' }
}
"hook(imported)=`$(Test-Resolve System.Buffers)"
Remove-Module TwilioTokens
'commands(removed)=' + @(Get-Command -Module TwilioTokens -ErrorAction SilentlyContinue).Count
"hook(removed)=`$(Test-Resolve System.Memory)"
$MintAndVerify
"hook(imported again)=`$(Test-Resolve System.Memory)"
Remove-Module TwilioTokens
Import-Module '$($env:TWILIOTOKENS_MODULE)' -Force
Import-Module '$($env:TWILIOTOKENS_MODULE)' -Force
`$token = New-TwilioAccessToken bob -AccountSid '$(Get-FakeAccountSid)' -Credential `$cred
"verified=`$((`$token | ConvertFrom-TwilioAccessToken -Credential `$cred).SignatureStatus)"
'contexts=' + @([System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -eq 'TwilioTokens').Count
"@
    }

    It 'mints and verifies after every import, reusing the one private load context' {
        $Session -match '^(verified|commands|contexts)' | Should -Be @('verified=Valid', 'commands(removed)=0', 'verified=Valid', 'verified=Valid', 'contexts=1')
    }

    It 'resolves through the hook while imported and stops answering once the last importer removed the module' {
        $Session -match '^hook' | Should -Be @('hook(imported)=resolved', 'hook(removed)=unresolved', 'hook(imported again)=resolved')
    }
}
