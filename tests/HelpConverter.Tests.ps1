# src/HelpConverter: the build's markdown-to-MAML converter. It must turn a page of platyPS schema 2.0.0 into the
# MAML Get-Help reads, and reject a page that breaks the schema with its file and line.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../src/HelpConverter/HelpConverter.psm1') -Force

    # A small page for a made-up cmdlet with two parameter sets, a switch, a positional parameter, an alias, accepted
    # values and pipeline input: each broken page below is this one with one thing changed.
    $script:ValidPage = @'
---
external help file: Things.dll-Help.xml
Module Name: Things
online version:
schema: 2.0.0
---

# Get-Thing

## SYNOPSIS
Gets things.

## SYNTAX

### ByName (Default)
```
Get-Thing [-Name] <String> [<CommonParameters>]
```

### ById
```
Get-Thing -Id <Int32> [-Force] [<CommonParameters>]
```

## DESCRIPTION
Gets things by name
or by id, see [the docs](https://example.com/things).

- first item
- second **item**

## EXAMPLES

### Example 1: Get a thing by name
```powershell
Get-Thing -Name a
```

It gets a.

### Example 2: Get a thing by id
```powershell
Get-Thing -Id 1 -Force
```

## PARAMETERS

### -Force
Gets it even when hidden.

```yaml
Type: SwitchParameter
Parameter Sets: ById
Aliases:

Required: False
Position: Named
Default value: None
Accept pipeline input: False
Accept wildcard characters: False
```

### -Id
The id.

```yaml
Type: Int32
Parameter Sets: ById
Aliases: Identifier

Required: True
Position: Named
Default value: None
Accept pipeline input: True (ByPropertyName)
Accept wildcard characters: False
```

### -Name
The name.

```yaml
Type: String
Parameter Sets: ByName
Aliases:
Accepted values: a, b

Required: True
Position: 0
Default value: None
Accept pipeline input: True (ByPropertyName, ByValue)
Accept wildcard characters: False
```

### CommonParameters
This cmdlet supports the common parameters.

## INPUTS

### System.String
A name.

## OUTPUTS

### System.Object

## NOTES
None.

## RELATED LINKS

[Get-Other](https://example.com/Get-Other)

[Local page](Get-Other.md)
'@ -replace "`r`n", "`n"

    $script:ValidAbout = @'
# Things
## about_Things

# SHORT DESCRIPTION
Things.

# LONG DESCRIPTION
A long description that is long enough to be wrapped at eighty columns, because it goes on and on about things.

## A subtopic
- an item that is also long enough to wrap onto a second line, so that its hanging indent shows

```
Get-Thing -Name a
```

# EXAMPLES
Example text.

# NOTE
A note.

# TROUBLESHOOTING NOTE
A troubleshooting note.

# SEE ALSO
Get-Thing

# KEYWORDS
- things
'@ -replace "`r`n", "`n"

    $script:CaseNumber = 0
    function script:New-Page {
        # Writes a page into a folder of its own in TestDrive; -Replace/-With edit the text first (the first match only).
        param([string] $Text, [string] $Name = 'Get-Thing', [string] $Replace, [string] $With)
        if ($Replace) {
            $at = $Text.IndexOf($Replace)
            if ($at -lt 0) { throw "The test's page has no '$Replace'." }
            $Text = $Text.Substring(0, $at) + $With + $Text.Substring($at + $Replace.Length)
        }
        $folder = Join-Path $TestDrive "case$((++$script:CaseNumber))"
        $null = New-Item -ItemType Directory -Path $folder
        $path = Join-Path $folder "$Name.md"
        Set-Content -Path $path -Value $Text -NoNewline
        $path
    }

    function script:Get-LineOf {
        # The 1-based line of a page's first line equal to -Line (the first one after -After, when given).
        param([string] $Path, [string] $Line, [string] $After)
        $lines = Get-Content $Path
        $start = if ($After) { [array]::IndexOf($lines, $After) } else { 0 }
        for ($i = $start; $i -lt $lines.Count; $i++) { if ($lines[$i] -eq $Line) { return $i + 1 } }
        throw "The page has no line '$Line'."
    }

    function script:Get-SchemaError {
        # The message a page is rejected with, or $null when it is accepted.
        param([string] $Path, [switch] $About)
        try {
            if ($About) { $null = Read-AboutHelpPage -Path $Path } else { $null = Read-CommandHelpPage -Path $Path }
            $null
        }
        catch { $_.Exception.Message }
    }
}

Describe 'A valid command page' {
    BeforeAll {
        $script:Path = New-Page $ValidPage
        $script:Help = Read-CommandHelpPage -Path $Path
        $script:Out = Join-Path $TestDrive 'out'
        $script:Files = Export-MamlHelp -Path (Split-Path $Path) -OutputPath $Out
        $script:Maml = [xml] (Get-Content (Join-Path $Out 'Things.dll-Help.xml') -Raw)
        $script:Ns = [System.Xml.XmlNamespaceManager]::new($Maml.NameTable)
        $Ns.AddNamespace('msh', 'http://msh')
        $Ns.AddNamespace('maml', 'http://schemas.microsoft.com/maml/2004/10')
        $Ns.AddNamespace('command', 'http://schemas.microsoft.com/maml/dev/command/2004/10')
        $Ns.AddNamespace('dev', 'http://schemas.microsoft.com/maml/dev/2004/10')
        function script:Select-Maml([string] $XPath) { @($Maml.SelectNodes($XPath, $Ns)) }
    }

    It 'is read with its sections' {
        $Help.Name | Should -BeExactly 'Get-Thing'
        $Help.ExternalHelpFile | Should -BeExactly 'Things.dll-Help.xml'
        $Help.Synopsis | Should -Be @('Gets things.')
        $Help.Examples | Should -HaveCount 2
        $Help.Examples[0].Code | Should -BeExactly 'Get-Thing -Name a'
        $Help.Examples[0].Remarks | Should -Be @('It gets a.')
        $Help.Parameters.Name | Should -Be @('Force', 'Id', 'Name')
        $Help.Inputs.Name | Should -Be @('System.String')
        $Help.Links.Uri | Should -Be @('https://example.com/Get-Other', 'Get-Other.md')
    }

    It 'joins wrapped lines, keeps list items apart and renders inline markdown as Get-Help shows text' {
        $Help.Description | Should -Be @('Gets things by name or by id, see the docs (https://example.com/things).', '- first item', '- second item')
    }

    It 'builds one syntax per parameter set from the yaml blocks, positional parameters first' {
        $Help.Syntax.Name | Should -Be @('ByName', 'ById')
        $Help.Syntax[0].IsDefault | Should -BeTrue
        $Help.Syntax[0].Members.Parameter.Name | Should -Be @('Name')
        $Help.Syntax[1].Members.Parameter.Name | Should -Be @('Force', 'Id')
    }

    It 'writes MAML with the schema attribute Get-Help needs, one command, one syntax item per set' {
        $Files.Name | Should -Be @('Things.dll-Help.xml')
        $Maml.DocumentElement.LocalName | Should -BeExactly 'helpItems'
        $Maml.DocumentElement.NamespaceURI | Should -BeExactly 'http://msh'
        $Maml.DocumentElement.schema | Should -BeExactly 'maml'
        Select-Maml '/msh:helpItems/command:command' | Should -HaveCount 1
        @(Select-Maml '//command:details/command:name')[0].InnerText | Should -BeExactly 'Get-Thing'
        @(Select-Maml '//command:details/command:verb')[0].InnerText | Should -BeExactly 'Get'
        @(Select-Maml '//command:details/command:noun')[0].InnerText | Should -BeExactly 'Thing'
        @(Select-Maml '//command:details/maml:description/maml:para')[0].InnerText | Should -BeExactly 'Gets things.'
        Select-Maml '/msh:helpItems/command:command/maml:description/maml:para' | Should -HaveCount 3
        Select-Maml '//command:syntax/command:syntaxItem' | Should -HaveCount 2
    }

    It 'writes each parameter with its attributes, its value type, and no value for a switch in a syntax item' {
        $id = @(Select-Maml "//command:parameters/command:parameter[maml:name='Id']")[0]
        $id.required | Should -BeExactly 'true'
        $id.position | Should -BeExactly 'named'
        $id.pipelineInput | Should -BeExactly 'True (ByPropertyName)'
        $id.aliases | Should -BeExactly 'Identifier'
        $id.SelectSingleNode('dev:type/maml:name', $Ns).InnerText | Should -BeExactly 'Int32'
        $id.SelectSingleNode('command:parameterValue', $Ns).InnerText | Should -BeExactly 'Int32'
        $name = @(Select-Maml "//command:parameters/command:parameter[maml:name='Name']")[0]
        $name.position | Should -BeExactly '0'
        $name.aliases | Should -BeExactly 'none'
        Select-Maml "//command:syntaxItem/command:parameter[maml:name='Name']/command:parameterValueGroup/command:parameterValue" | Should -HaveCount 2
        Select-Maml "//command:syntaxItem/command:parameter[maml:name='Force']/command:parameterValue" | Should -HaveCount 0
        @(Select-Maml "//command:parameters/command:parameter[maml:name='Force']/dev:defaultValue")[0].InnerText | Should -BeExactly 'False'
    }

    It 'writes inputs, outputs, notes, examples and links; a link that is not an absolute URI keeps its text only' {
        @(Select-Maml '//command:inputTypes/command:inputType/dev:type/maml:name')[0].InnerText | Should -BeExactly 'System.String'
        @(Select-Maml '//command:returnValues/command:returnValue/dev:type/maml:name')[0].InnerText | Should -BeExactly 'System.Object'
        @(Select-Maml '//maml:alertSet/maml:alert/maml:para')[0].InnerText | Should -BeExactly 'None.'
        Select-Maml '//command:examples/command:example' | Should -HaveCount 2
        @(Select-Maml '//command:example/maml:title')[0].InnerText | Should -Match '^-+ Example 1: Get a thing by name -+$'
        @(Select-Maml '//command:example/dev:code')[1].InnerText | Should -BeExactly 'Get-Thing -Id 1 -Force'
        @(Select-Maml '//maml:navigationLink/maml:uri' | ForEach-Object InnerText) | Should -Be @('https://example.com/Get-Other', '')
    }
}

Describe 'A command page that breaks the schema is rejected with its file and line' {
    It 'rejects an unknown H2' {
        $path = New-Page $ValidPage -Replace "## NOTES`n" -With "## REMARKS`nText.`n`n## NOTES`n"
        Get-SchemaError $path | Should -BeLike "${path}:$(Get-LineOf $path '## REMARKS'): unknown section '## REMARKS'*"
    }

    It 'rejects an unknown yaml key' {
        $path = New-Page $ValidPage -Replace "Position: 0`n" -With "Position: 0`nGlobbing: False`n"
        Get-SchemaError $path | Should -BeLike "${path}:$(Get-LineOf $path 'Globbing: False'): unknown yaml key 'Globbing'*"
    }

    It 'rejects a missing section, at the heading that comes in its place' {
        $path = New-Page $ValidPage -Replace "## NOTES`nNone.`n`n" -With ''
        Get-SchemaError $path | Should -BeLike "${path}:$(Get-LineOf $path '## RELATED LINKS'): missing section '## NOTES' before '## RELATED LINKS'*"
    }

    It 'rejects a page that ends before its last section' {
        $text = $ValidPage.Substring(0, $ValidPage.IndexOf('## RELATED LINKS'))
        $path = New-Page $text
        Get-SchemaError $path | Should -BeLike "${path}:$(Get-LineOf $path 'None.'): missing section '## RELATED LINKS' at the end*"
    }

    It 'rejects sections out of order' {
        $path = New-Page $ValidPage -Replace "## SYNOPSIS`nGets things.`n`n" -With ''
        $path = New-Page (Get-Content $path -Raw) -Replace "## NOTES`n" -With "## SYNOPSIS`nGets things.`n`n## NOTES`n"
        Get-SchemaError $path | Should -BeLike "${path}:$(Get-LineOf $path '## SYNTAX'): missing section '## SYNOPSIS' before '## SYNTAX'*"
    }

    It 'rejects a yaml block that lacks a key, at the block' {
        $path = New-Page $ValidPage -Replace "Default value: None`nAccept pipeline input: True (ByPropertyName)`n" -With "Accept pipeline input: True (ByPropertyName)`n"
        Get-SchemaError $path | Should -BeLike "${path}:$(Get-LineOf $path '```yaml' -After '### -Id'): the yaml block lacks the key 'Default value'*"
    }

    It 'rejects a yaml value platyPS would not write' {
        $path = New-Page $ValidPage -Replace 'Required: True' -With 'Required: Yes'
        Get-SchemaError $path | Should -BeLike "${path}:$(Get-LineOf $path 'Required: Yes'): 'Required: Yes' is not a value platyPS writes*"
    }

    It 'rejects a parameter without a description' {
        $path = New-Page $ValidPage -Replace "The id.`n`n" -With ''
        Get-SchemaError $path | Should -BeLike "${path}:$(Get-LineOf $path '### -Id'): the parameter -Id needs a description*"
    }

    It 'rejects a code block that is never closed' {
        $path = New-Page ($ValidPage + "`n``````powershell`nGet-Thing`n")
        Get-SchemaError $path | Should -BeLike "${path}:$(Get-LineOf $path '```powershell' -After '## RELATED LINKS'): this code block is not closed*"
    }

    It 'rejects SYNTAX sets that the yaml blocks do not name, with the fix for sets of (All) parameters only' {
        $path = New-Page $ValidPage -Replace '### ById' -With '### ByKey'
        $message = Get-SchemaError $path
        $message | Should -BeLike "${path}:$(Get-LineOf $path '## SYNTAX'): '## SYNTAX' declares the parameter sets *ByKey* but the parameters' yaml blocks name *ById*"
        $message | Should -Match 'Parameter Sets: ByName, ByKey'
    }

    It 'rejects an example that does not start with a powershell code block' {
        $path = New-Page $ValidPage -Replace "``````powershell`nGet-Thing -Id 1" -With "```````nGet-Thing -Id 1"
        Get-SchemaError $path | Should -BeLike "${path}:$(Get-LineOf $path '### Example 2: Get a thing by id'): '### Example 2: Get a thing by id' must start with a code block marked powershell*"
    }

    It 'rejects an example title other than "Example N: title"' {
        $path = New-Page $ValidPage -Replace '### Example 2: Get a thing by id' -With '### By id'
        Get-SchemaError $path | Should -BeLike "${path}:$(Get-LineOf $path '### By id'): an example's title is 'Example N: what it shows'*"
    }

    It 'rejects an unknown front matter key' {
        $path = New-Page $ValidPage -Replace "schema: 2.0.0`n" -With "schema: 2.0.0`nLocale: en-US`n"
        Get-SchemaError $path | Should -BeLike "${path}:$(Get-LineOf $path 'Locale: en-US'): unknown front matter key 'Locale'*"
    }

    It 'rejects a page whose title is not its file name' {
        $path = New-Page $ValidPage -Name 'Get-Other'
        Get-SchemaError $path | Should -BeLike "${path}:$(Get-LineOf $path '# Get-Thing'): after the front matter comes '# Get-Other'*"
    }

    It 'rejects text in RELATED LINKS that is not a link' {
        $path = New-Page ($ValidPage + "`nSee also Get-Other.`n")
        Get-SchemaError $path | Should -BeLike "${path}:$(Get-LineOf $path 'See also Get-Other.'): '## RELATED LINKS' holds one markdown link a line*"
    }

    It 'rejects a page without CommonParameters' {
        $path = New-Page $ValidPage -Replace "### CommonParameters`nThis cmdlet supports the common parameters.`n`n" -With ''
        Get-SchemaError $path | Should -BeLike "${path}:$(Get-LineOf $path '## PARAMETERS'): '## PARAMETERS' ends with '### CommonParameters'*"
    }

    It 'stops Export-MamlHelp at the broken page, writing nothing' {
        $folder = Split-Path (New-Page $ValidPage)
        $broken = Join-Path $folder 'Get-Broken.md'
        Set-Content -Path $broken -Value ($ValidPage.Replace('# Get-Thing', '# Get-Broken').Replace('## NOTES', '## NOTE')) -NoNewline
        $out = Join-Path $TestDrive 'broken-out'
        { Export-MamlHelp -Path $folder -OutputPath $out } | Should -Throw "${broken}:$(Get-LineOf $broken '## NOTE'): unknown section '## NOTE'*"
        Join-Path $out 'Things.dll-Help.xml' | Should -Not -Exist
    }
}

Describe 'About topics' {
    It 'are rendered as Get-Help shows them: TOPIC, the name, upper-case sections, text wrapped at 80 columns' {
        $about = Read-AboutHelpPage -Path (New-Page $ValidAbout -Name 'about_Things')
        $lines = $about.Text -split '\r?\n'
        $lines[0..1] | Should -Be @('TOPIC', '    about_things')
        $lines | Should -Contain 'LONG DESCRIPTION'
        $lines | Should -Contain 'A subtopic'
        $lines | Should -Contain '    Get-Thing -Name a'
        @($lines | Where-Object Length -GT 80) | Should -BeNullOrEmpty
        $item = [array]::IndexOf($lines, ($lines | Where-Object { $_ -like '    - an item*' }))
        $lines[$item + 1] | Should -Match '^      \S' -Because 'a list item continues under its text'
        $about.CodeBlocks.Code | Should -Be @('Get-Thing -Name a')
    }

    It 'reject a missing section with its file and line' {
        $path = New-Page $ValidAbout -Name 'about_Things' -Replace "# NOTE`nA note.`n`n" -With ''
        Get-SchemaError $path -About | Should -BeLike "${path}:$(Get-LineOf $path '# TROUBLESHOOTING NOTE'): missing section '# NOTE' before '# TROUBLESHOOTING NOTE'*"
    }

    It 'reject a second heading other than about_ and the file name' {
        $path = New-Page $ValidAbout -Name 'about_Things' -Replace '## about_Things' -With '## about_Other'
        Get-SchemaError $path -About | Should -BeLike "${path}:2: the second line of an about topic is '## about_Things'*"
    }

    It 'reject a code line too wide for 80 columns' {
        $wide = 'Get-Thing ' + ('-Name a ' * 10)
        $path = New-Page $ValidAbout -Name 'about_Things' -Replace 'Get-Thing -Name a' -With $wide
        Get-SchemaError $path -About | Should -BeLike "${path}:$(Get-LineOf $path $wide): this code line is * columns once indented*"
    }
}

Describe 'Build-ModuleHelp, the build''s Help task' {
    BeforeAll {
        # A stand-in platyPS on a module path of its own: its New-ExternalHelp records that it was called.
        $script:Modules = Join-Path $TestDrive 'modules'
        $stub = Join-Path $Modules 'platyPS'
        $null = New-Item -ItemType Directory -Path $stub -Force
        Set-Content -Path (Join-Path $stub 'platyPS.psm1') -Value @'
function New-ExternalHelp {
    param([string] $Path, [string] $OutputPath, [switch] $Force)
    $null = New-Item -ItemType Directory -Path $OutputPath -Force
    Set-Content -Path (Join-Path $OutputPath 'written-by-platyPS.txt') -Value $Path
}
'@
        $script:SavedModulePath = $env:PSModulePath
    }

    AfterEach {
        $env:PSModulePath = $SavedModulePath
        Remove-Module platyPS -ErrorAction SilentlyContinue
    }

    It 'converts with the project''s converter when platyPS is not installed' {
        Get-Module -ListAvailable -Name platyPS | Should -BeNullOrEmpty -Because 'platyPS is not reachable from these machines'
        $docs = Split-Path (New-Page $ValidPage)
        $out = Join-Path $TestDrive 'no-platyps'
        Build-ModuleHelp -Path $docs -OutputPath $out | Should -BeExactly 'HelpConverter'
        Join-Path $out 'Things.dll-Help.xml' | Should -Exist
    }

    It 'converts with platyPS''s New-ExternalHelp when platyPS is installed' {
        $env:PSModulePath = $Modules + [IO.Path]::PathSeparator + $env:PSModulePath
        $docs = Split-Path (New-Page $ValidPage)
        $out = Join-Path $TestDrive 'with-platyps'
        Build-ModuleHelp -Path $docs -OutputPath $out | Should -BeExactly 'platyPS'
        Get-Content (Join-Path $out 'written-by-platyPS.txt') | Should -BeExactly $docs
        Join-Path $out 'Things.dll-Help.xml' | Should -Not -Exist
    }

    It 'checks the pages first, even when platyPS would convert them' {
        $env:PSModulePath = $Modules + [IO.Path]::PathSeparator + $env:PSModulePath
        $path = New-Page $ValidPage -Replace "## NOTES`n" -With "## REMARKS`n`n## NOTES`n"
        $out = Join-Path $TestDrive 'with-platyps-broken'
        { Build-ModuleHelp -Path (Split-Path $path) -OutputPath $out } | Should -Throw "${path}:$(Get-LineOf $path '## REMARKS'): unknown section*"
        Join-Path $out 'written-by-platyPS.txt' | Should -Not -Exist
    }
}
