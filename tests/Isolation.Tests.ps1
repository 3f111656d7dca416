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
    BeforeDiscovery {
        # In FIPS mode the platform's cryptography is used throughout (FipsMode).
        $script:Fips = $IsLinux -and (Test-Path /proc/sys/crypto/fips_enabled) -and (Get-Content /proc/sys/crypto/fips_enabled -Raw).Trim() -eq '1'
    }

    BeforeAll {
        $script:Fips = $IsLinux -and (Test-Path /proc/sys/crypto/fips_enabled) -and (Get-Content /proc/sys/crypto/fips_enabled -Raw).Trim() -eq '1'
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
# Which HMAC the engine, as loaded in its own context, chose (docs/performance.md).
`$engine = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'TwilioTokens.Engine' }
'engine=' + `$engine.Location
'openssl=' + `$engine.GetType('TwilioTokens.Engine.OpenSslHmacSha256').GetProperty('IsAvailable', [Reflection.BindingFlags] 'NonPublic, Static').GetValue(`$null)
# Whether .NET's OpenSSL shim was loaded (Linux): minting and verifying call libcrypto's SHA-256 and getrandom directly.
if (`$IsLinux) { 'shim=' + [bool] ((Get-Content /proc/self/maps) -match 'Cryptography\.Native\.OpenSsl') }
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
        @($CleanSession -match '^Microsoft\.IdentityModel\.JsonWebTokens \S+ TwilioTokens$') | Should -HaveCount 1
        $CleanSession -match '^(Microsoft|System)\.IdentityModel\.' | Should -Not -BeNullOrEmpty
        $CleanSession -match '^(Microsoft|System)\.IdentityModel\.' -notmatch ' TwilioTokens$' | Should -BeNullOrEmpty
    }

    It 'signs with OpenSSL''s SHA-256 called directly on Linux outside FIPS mode, and with the platform''s HMAC elsewhere' {
        $CleanSession | Should -Contain 'verified=Valid'
        $CleanSession | Should -Contain ('openssl=' + ($IsLinux -and -not $Fips))
    }

    It 'mints and verifies on Linux without loading .NET''s OpenSSL shim (its first use costs a new session about 8 ms)' -Skip:(-not $IsLinux -or $Fips) {
        $CleanSession | Should -Contain 'verified=Valid'
        $CleanSession | Should -Contain 'shim=False'
    }

    It 'loads the engine precompiled for linux-x64 there, and the IL engine elsewhere' {
        $CleanSession | Should -Contain 'verified=Valid'
        $expected = if ($IsLinux -and [Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture -eq 'X64') {
            Join-Path $Dependencies 'linux-x64/TwilioTokens.Engine.dll'
        }
        else {
            Join-Path $Dependencies 'TwilioTokens.Engine.dll'
        }
        $CleanSession | Should -Contain "engine=$expected"
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

Describe 'The engine precompiled for linux-x64' -Skip:(-not $IsLinux -or [Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture -ne 'X64') {
    BeforeAll {
        # Lists every method the JIT compiles in a new session that mints, verifies and decodes one token: with the
        # precompiled engine in use, none of the engine's needs compiling before it is hot (docs/performance.md).
        function Get-EngineMethodsCompiled([hashtable] $Environment, [string] $ModulePath = $env:TWILIOTOKENS_MODULE) {
            $list = Join-Path $TestDrive "jit-$([guid]::NewGuid().ToString('N')).txt"
            $saved = @{}
            $variables = @{ DOTNET_JitStdOutFile = $list; DOTNET_JitDisasmSummary = '1' } + $Environment
            foreach ($name in $variables.Keys) {
                $saved[$name] = [Environment]::GetEnvironmentVariable($name)
                [Environment]::SetEnvironmentVariable($name, $variables[$name])
            }
            try {
                $out = Invoke-FreshPwsh ($MintAndVerify.Replace($env:TWILIOTOKENS_MODULE, $ModulePath) + @"

'decoded=' + (ConvertFrom-TwilioAccessToken `$token.Jwt).Identity
"@)
            }
            finally {
                foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
            }
            $out | Should -Contain 'verified=Valid'
            $out | Should -Contain 'decoded=alice'
            # Tier1 is the JIT recompiling hot code, precompiled or not; anything else is code that was not precompiled.
            @(Get-Content $list | Where-Object { $_ -match 'JIT compiled TwilioTokens\.Engine\.' -and $_ -notmatch '\[Tier1' })
        }
    }

    It 'is ReadyToRun code for linux-x64, built from the same sources as the IL engine, without AggressiveOptimization' {
        $precompiled = Join-Path $Dependencies 'linux-x64/TwilioTokens.Engine.dll'
        $il = Join-Path $Dependencies 'TwilioTokens.Engine.dll'
        $precompiled | Should -Exist
        [Reflection.AssemblyName]::GetAssemblyName($precompiled).FullName | Should -Be ([Reflection.AssemblyName]::GetAssemblyName($il).FullName)
        $read = {
            param([string] $Path)
            $stream = [IO.File]::OpenRead($Path)
            try {
                $pe = [Reflection.PortableExecutable.PEReader]::new($stream)
                $metadata = [Reflection.Metadata.PEReaderExtensions]::GetMetadataReader($pe)
                $types = foreach ($handle in $metadata.TypeDefinitions) {
                    $type = $metadata.GetTypeDefinition($handle)
                    $metadata.GetString($type.Namespace) + '.' + $metadata.GetString($type.Name)
                }
                $aggressive = foreach ($handle in $metadata.MethodDefinitions) {
                    $method = $metadata.GetMethodDefinition($handle)
                    if ([int] $method.ImplAttributes -band 512) { $metadata.GetString($method.Name) }
                }
                [pscustomobject]@{
                    # crossgen2 marks its output for Linux by XOR-ing the machine with 0x7B79 (AMD64 0x8664 -> 0xFD1D).
                    Machine    = [int] $pe.PEHeaders.CoffHeader.Machine
                    ReadyToRun = $pe.PEHeaders.CorHeader.ManagedNativeHeaderDirectory.Size -gt 0
                    Types      = @($types)
                    Aggressive = @($aggressive)
                }
            }
            finally { $stream.Dispose() }
        }
        $p = & $read $precompiled
        $i = & $read $il
        $p.ReadyToRun | Should -BeTrue
        $p.Machine | Should -Be 0xFD1D
        $i.ReadyToRun | Should -BeFalse
        $p.Types | Should -Be $i.Types
        $i.Aggressive | Should -Not -BeNullOrEmpty
        $p.Aggressive | Should -BeNullOrEmpty
    }

    It 'runs precompiled: a new session compiles none of the engine''s methods to mint, verify and decode a token' {
        Get-EngineMethodsCompiled @{} | Should -BeNullOrEmpty
        # The same session with precompiled code switched off compiles them: the list above is not empty by accident.
        (Get-EngineMethodsCompiled @{ DOTNET_ReadyToRun = '0' }).Count | Should -BeGreaterThan 20
    }

    It 'falls back to the IL engine when the precompiled one is missing' {
        $copy = Join-Path $TestDrive 'without-precompiled/TwilioTokens'
        New-Item -ItemType Directory -Path (Split-Path $copy) -Force | Out-Null
        Copy-Item (Split-Path $env:TWILIOTOKENS_MODULE) $copy -Recurse
        Remove-Item (Join-Path $copy 'dependencies/linux-x64') -Recurse
        $manifest = Join-Path $copy 'TwilioTokens.psd1'
        $out = Invoke-FreshPwsh ($MintAndVerify.Replace($env:TWILIOTOKENS_MODULE, $manifest) + @"

'engine=' + ([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'TwilioTokens.Engine' }).Location
"@)
        $out | Should -Contain 'verified=Valid'
        $out | Should -Contain ('engine=' + (Join-Path $copy 'dependencies/TwilioTokens.Engine.dll'))
        (Get-EngineMethodsCompiled @{} -ModulePath $manifest).Count | Should -BeGreaterThan 20
    }
}
