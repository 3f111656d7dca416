<#
.SYNOPSIS
    Reads help pages written in platyPS 0.14's markdown schema 2.0.0 and writes what Get-Help reads: MAML
    (<Assembly>.dll-Help.xml) for cmdlet pages, plain text (about_*.help.txt) for about topics.
.DESCRIPTION
    build.ps1 uses it where platyPS is not installed (platyPS is not served by the registries the build
    machines reach), and always uses its reader to check the pages first, so that a page that breaks the schema
    stops the build with its file and line wherever it is built. The tests use the same reader to take the
    parameters and examples out of the pages.

    Why a PowerShell module rather than a C# project: it runs where the build already runs (pwsh), needs no
    compile step or project in the solution, and the tests import it directly.

    What it follows is platyPS's own grammar (Markdown.MAML ModelTransformerVersion2 and MamlRenderer): the same
    H2 sections in the same order, the same yaml keys, syntax built from the parameters' yaml blocks.
    It is stricter where platyPS is lenient (every section present, SYNTAX headings naming the same parameter
    sets as the yaml blocks, example titles "Example N: title"), never looser, so a page it accepts also works
    with platyPS's New-ExternalHelp.
#>

Set-StrictMode -Version 3.0

$script:CommandSections = @('SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'NOTES', 'RELATED LINKS')
$script:FrontMatterKeys = @('external help file', 'Module Name', 'online version', 'schema')
$script:YamlKeys = @('Type', 'Parameter Sets', 'Aliases', 'Accepted values', 'Required', 'Position', 'Default value',
    'Accept pipeline input', 'Accept wildcard characters')
$script:OptionalYamlKeys = @('Accepted values')
$script:AboutSections = @('SHORT DESCRIPTION', 'LONG DESCRIPTION', 'EXAMPLES', 'NOTE', 'TROUBLESHOOTING NOTE', 'SEE ALSO', 'KEYWORDS')
$script:AllParameterSets = '(All)'
$script:AboutWidth = 80
$script:AboutIndent = '    '

$script:Ns = @{
    msh     = 'http://msh'
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
}

#region Reading markdown into blocks

function New-SchemaError {
    # The one way this module reports a bad page: "file:line: what is wrong", so an editor can jump to it.
    param([string] $Path, [int] $Line, [string] $Message)
    [System.IO.InvalidDataException]::new("${Path}:${Line}: $Message")
}

function Read-MarkdownBlock {
    <#
    .SYNOPSIS
        Splits a markdown file into front matter, headings, fenced code blocks and text runs, each with its line.
    #>
    param([Parameter(Mandatory)] [string] $Path)

    $lines = [System.IO.File]::ReadAllLines($Path)
    $blocks = [System.Collections.Generic.List[object]]::new()
    $i = 0

    if ($lines.Count -gt 0 -and $lines[0] -eq '---') {
        $pairs = [ordered]@{}
        $keyLines = @{}
        $i = 1
        while ($i -lt $lines.Count -and $lines[$i] -ne '---') {
            if ($lines[$i] -match '^(?<key>[^:]+):\s*(?<value>.*)$') {
                $pairs[$Matches.key.Trim()] = $Matches.value.Trim()
                $keyLines[$Matches.key.Trim()] = $i + 1
            }
            elseif ($lines[$i].Trim()) {
                throw (New-SchemaError $Path ($i + 1) "front matter lines are 'key: value', not '$($lines[$i])'.")
            }
            $i++
        }
        if ($i -ge $lines.Count) { throw (New-SchemaError $Path 1 "the front matter opened here is not closed with '---'.") }
        $blocks.Add([pscustomobject]@{ Kind = 'FrontMatter'; Line = 1; Pairs = $pairs; KeyLines = $keyLines })
        $i++
    }

    $text = $null
    while ($i -lt $lines.Count) {
        $line = $lines[$i]
        if ($line -match '^(?<fence>```+)\s*(?<lang>\S*)\s*$') {
            $text = $null
            $start = $i
            $body = [System.Collections.Generic.List[string]]::new()
            $i++
            while ($i -lt $lines.Count -and $lines[$i].Trim() -ne $Matches.fence) { $body.Add($lines[$i]); $i++ }
            if ($i -ge $lines.Count) { throw (New-SchemaError $Path ($start + 1) 'this code block is not closed.') }
            $blocks.Add([pscustomobject]@{ Kind = 'Code'; Line = $start + 1; Language = $Matches.lang; Lines = $body.ToArray() })
        }
        elseif ($line -match '^(?<hashes>#{1,6})\s+(?<title>.*?)\s*$') {
            $text = $null
            $blocks.Add([pscustomobject]@{ Kind = 'Heading'; Line = $i + 1; Level = $Matches.hashes.Length; Title = $Matches.title })
        }
        elseif ($line.Trim()) {
            if ($null -eq $text) {
                $text = [pscustomobject]@{ Kind = 'Text'; Line = $i + 1; Lines = [System.Collections.Generic.List[string]]::new() }
                $blocks.Add($text)
            }
            $text.Lines.Add($line)
        }
        elseif ($null -ne $text) {
            $text.Lines.Add('')   # a blank line inside a text run separates paragraphs
        }
        $i++
    }
    $blocks
}

function ConvertFrom-InlineMarkdown {
    # What Get-Help shows for inline markdown: links as "text (uri)", bold without its stars, escapes undone.
    param([string] $Text)
    $Text = [regex]::Replace($Text, '\[(?<text>[^\]]+)\]\((?<uri>[^)]*)\)', { param($m) if ($m.Groups['uri'].Value) { "$($m.Groups['text'].Value) ($($m.Groups['uri'].Value))" } else { $m.Groups['text'].Value } })
    $Text = [regex]::Replace($Text, '\*\*(?<inner>.+?)\*\*', '${inner}')
    [regex]::Replace($Text, '\\(?<char>[\\`*_{}\[\]()<>#+\-.!|])', '${char}')
}

function Get-Paragraph {
    <#
    .SYNOPSIS
        A text run as paragraphs: blank lines separate them and a list item ("- ", "* ", "1. ") starts its own;
        other lines join the paragraph before them with a space, as markdown renders them.
    #>
    param([string[]] $Lines)
    $paragraphs = [System.Collections.Generic.List[string]]::new()
    $current = $null
    foreach ($line in $Lines) {
        $trimmed = $line.Trim()
        if (-not $trimmed -or $trimmed -match '^([-*+]|\d+\.)\s') {
            if ($null -ne $current) { $paragraphs.Add((ConvertFrom-InlineMarkdown $current)) }
            $current = if ($trimmed) { $trimmed } else { $null }
        }
        elseif ($null -eq $current) { $current = $trimmed }
        else { $current = "$current $trimmed" }
    }
    if ($null -ne $current) { $paragraphs.Add((ConvertFrom-InlineMarkdown $current)) }
    , $paragraphs.ToArray()
}

#endregion

#region Command pages

function Split-Section {
    # The blocks after a heading, grouped under each heading of the given level; anything before the first is an error.
    param([string] $Path, [object[]] $Blocks, [int] $Level, [string] $Where)
    $sections = [System.Collections.Generic.List[object]]::new()
    foreach ($block in $Blocks) {
        if ($block.Kind -eq 'Heading' -and $block.Level -lt $Level) {
            throw (New-SchemaError $Path $block.Line "'$('#' * $block.Level) $($block.Title)' is not allowed here: $Where has headings of level $Level only.")
        }
        if ($block.Kind -eq 'Heading' -and $block.Level -eq $Level) {
            $sections.Add([pscustomobject]@{ Title = $block.Title; Line = $block.Line; Body = [System.Collections.Generic.List[object]]::new() })
        }
        elseif ($sections.Count -eq 0) {
            throw (New-SchemaError $Path $block.Line "expected a '$('#' * $Level)' heading in $Where, found $($block.Kind.ToLowerInvariant()).")
        }
        else {
            $sections[$sections.Count - 1].Body.Add($block)
        }
    }
    , $sections.ToArray()
}

function Assert-SectionOrder {
    # Every expected section present, once, in order, and nothing else: the first deviation is reported.
    param([string] $Path, [object[]] $Sections, [string[]] $Expected, [string] $Marker, [int] $LastLine)
    $seen = @{}
    $next = 0
    foreach ($section in $Sections) {
        $index = [array]::IndexOf(($Expected | ForEach-Object ToUpperInvariant), $section.Title.ToUpperInvariant())
        if ($index -lt 0) {
            throw (New-SchemaError $Path $section.Line "unknown section '$Marker $($section.Title)'; the sections are, in order: $($Expected -join ', ').")
        }
        if ($seen.ContainsKey($index)) {
            throw (New-SchemaError $Path $section.Line "'$Marker $($section.Title)' appears twice (first at line $($seen[$index])).")
        }
        if ($index -lt $next) {
            throw (New-SchemaError $Path $section.Line "'$Marker $($section.Title)' is out of order; the sections are, in order: $($Expected -join ', ').")
        }
        if ($index -gt $next) {
            throw (New-SchemaError $Path $section.Line "missing section '$Marker $($Expected[$next])' before '$Marker $($section.Title)'.")
        }
        $seen[$index] = $section.Line
        $next = $index + 1
    }
    if ($next -lt $Expected.Count) {
        throw (New-SchemaError $Path $LastLine "missing section '$Marker $($Expected[$next])' at the end of the page.")
    }
}

function Get-SectionText {
    # A section that holds text only (SYNOPSIS, DESCRIPTION, NOTES), as paragraphs.
    param([string] $Path, [object] $Section, [switch] $Required)
    foreach ($block in $Section.Body) {
        if ($block.Kind -ne 'Text') {
            throw (New-SchemaError $Path $block.Line "'## $($Section.Title)' holds text only, not a $($block.Kind.ToLowerInvariant()) block.")
        }
    }
    $text = @($Section.Body)
    if ($Required -and $text.Count -eq 0) {
        throw (New-SchemaError $Path $Section.Line "'## $($Section.Title)' is empty.")
    }
    if ($text.Count -eq 0) { return , @() }
    Get-Paragraph $text[0].Lines
}

function Read-SyntaxSection {
    # The parameter set names SYNTAX declares: "### Name" or "### Name (Default)" before each code block, or a
    # single code block without a heading when the command has one parameter set.
    param([string] $Path, [object] $Section)
    $sets = [System.Collections.Generic.List[object]]::new()
    $pending = $null
    foreach ($block in $Section.Body) {
        if ($block.Kind -eq 'Heading' -and $block.Level -eq 3 -and $null -eq $pending) {
            $pending = $block
        }
        elseif ($block.Kind -eq 'Code' -and $null -ne $pending) {
            $name = $pending.Title -replace '\s*\(Default\)$', ''
            if ($name -eq '__AllParameterSets') { $name = $script:AllParameterSets }
            $sets.Add([pscustomobject]@{ Name = $name; IsDefault = $pending.Title -match '\(Default\)$'; Line = $pending.Line })
            $pending = $null
        }
        elseif ($block.Kind -eq 'Code' -and $sets.Count -eq 0 -and $Section.Body.Count -eq 1) {
            $sets.Add([pscustomobject]@{ Name = $script:AllParameterSets; IsDefault = $true; Line = $block.Line })
        }
        else {
            throw (New-SchemaError $Path $block.Line "'## SYNTAX' holds a '### ParameterSetName' heading (' (Default)' on the default set) and a code block for each parameter set, or one code block alone.")
        }
    }
    if ($null -ne $pending) { throw (New-SchemaError $Path $pending.Line "the parameter set '$($pending.Title)' has no syntax code block.") }
    if ($sets.Count -eq 0) { throw (New-SchemaError $Path $Section.Line "'## SYNTAX' is empty.") }
    if (@($sets | Where-Object IsDefault).Count -gt 1) {
        throw (New-SchemaError $Path (@($sets | Where-Object IsDefault)[1].Line) "more than one parameter set is marked (Default).")
    }
    , $sets.ToArray()
}

function Read-ExampleSection {
    # "### Example N: title", a powershell code block, then remarks (text). More code blocks may follow the first.
    param([string] $Path, [object] $Section)
    $examples = foreach ($example in (Split-Section $Path $Section.Body 3 "'## EXAMPLES'")) {
        if ($example.Title -notmatch '^Example \d+: \S') {
            throw (New-SchemaError $Path $example.Line "an example's title is 'Example N: what it shows', not '$($example.Title)'.")
        }
        $body = @($example.Body)
        if ($body.Count -eq 0 -or $body[0].Kind -ne 'Code' -or $body[0].Language -ne 'powershell') {
            throw (New-SchemaError $Path $example.Line "'### $($example.Title)' must start with a code block marked powershell.")
        }
        $code = @($body | Where-Object Kind -EQ 'Code')
        $text = @($body | Where-Object Kind -EQ 'Text')
        if ($text.Count -gt 1 -or ($text.Count -eq 1 -and $body[-1] -ne $text[0])) {
            throw (New-SchemaError $Path $text[0].Line "an example's remarks come after its code, as one run of text.")
        }
        [pscustomobject]@{
            Title    = $example.Title
            Code     = $body[0].Lines -join "`n"
            CodeLine = $body[0].Line
            AllCode  = ($code | ForEach-Object { $_.Lines -join "`n" }) -join "`n`n"
            Remarks  = if ($text.Count) { Get-Paragraph $text[0].Lines } else { @() }
        }
    }
    if (@($examples).Count -eq 0) { throw (New-SchemaError $Path $Section.Line "'## EXAMPLES' has no example.") }
    , @($examples)
}

function Read-ParameterYaml {
    # One yaml block of a parameter: the keys platyPS knows, each once, with values of the form it writes.
    param([string] $Path, [object] $Block)
    $values = @{}
    for ($n = 0; $n -lt $Block.Lines.Count; $n++) {
        $line = $Block.Lines[$n]
        $lineNumber = $Block.Line + 1 + $n
        if (-not $line.Trim()) { continue }
        if ($line -notmatch '^(?<key>[^:]+):\s*(?<value>.*)$') {
            throw (New-SchemaError $Path $lineNumber "a parameter's yaml holds 'Key: value' lines only, not '$line'.")
        }
        $key = $script:YamlKeys | Where-Object { $_ -eq $Matches.key.Trim() }
        if (-not $key) {
            throw (New-SchemaError $Path $lineNumber "unknown yaml key '$($Matches.key.Trim())'; the keys are: $($script:YamlKeys -join ', ').")
        }
        if ($values.ContainsKey($key)) { throw (New-SchemaError $Path $lineNumber "the yaml key '$key' appears twice.") }
        $values[$key] = $Matches.value.Trim()
    }
    foreach ($key in $script:YamlKeys) {
        if (-not $values.ContainsKey($key) -and $key -notin $script:OptionalYamlKeys) {
            throw (New-SchemaError $Path $Block.Line "the yaml block lacks the key '$key'.")
        }
    }
    $rules = @{
        'Type'                       = '^\S.*$'
        'Parameter Sets'             = '^\S.*$'
        'Required'                   = '^(True|False)$'
        'Position'                   = '^(Named|\d+)$'
        'Accept pipeline input'      = '^(False|True \((ByValue|ByPropertyName)(, (ByValue|ByPropertyName))?\))$'
        'Accept wildcard characters' = '^(True|False)$'
    }
    foreach ($key in $rules.Keys) {
        if ($values[$key] -cnotmatch $rules[$key]) {
            $lineNumber = $Block.Line + 1 + [array]::FindIndex($Block.Lines, [Predicate[string]] { param($l) $l -like "${key}:*" })
            throw (New-SchemaError $Path $lineNumber "'${key}: $($values[$key])' is not a value platyPS writes (it must match $($rules[$key])).")
        }
    }
    $split = { param($v) @(if ($v) { $v.Split(',') | ForEach-Object Trim | Where-Object { $_ } }) }
    [pscustomobject]@{
        Type           = $values['Type']
        ParameterSets  = @(& $split $values['Parameter Sets'])
        Aliases        = @(& $split $values['Aliases'])
        AcceptedValues = @(& $split $values['Accepted values'])
        Required       = $values['Required'] -eq 'True'
        Position       = $values['Position']
        DefaultValue   = $values['Default value']
        PipelineInput  = $values['Accept pipeline input']
        Globbing       = $values['Accept wildcard characters'] -eq 'True'
    }
}

function Read-ParameterSection {
    # "### -Name", a description, one yaml block per distinct metadata; then "### CommonParameters" last.
    param([string] $Path, [object] $Section)
    $parameters = [System.Collections.Generic.List[object]]::new()
    $common = $false
    foreach ($entry in (Split-Section $Path $Section.Body 3 "'## PARAMETERS'")) {
        if ($common) { throw (New-SchemaError $Path $entry.Line "'### CommonParameters' comes last in '## PARAMETERS'.") }
        if ($entry.Title -eq 'CommonParameters') { $common = $true; continue }
        if ($entry.Title -notmatch '^-(?<name>\w+)$') {
            throw (New-SchemaError $Path $entry.Line "a parameter's heading is '### -Name', not '### $($entry.Title)'.")
        }
        $name = $Matches.name
        if ($parameters | Where-Object Name -EQ $name) { throw (New-SchemaError $Path $entry.Line "the parameter -$name is documented twice.") }
        $body = @($entry.Body)
        if ($body.Count -eq 0 -or $body[0].Kind -ne 'Text') {
            throw (New-SchemaError $Path $entry.Line "the parameter -$name needs a description before its yaml block.")
        }
        $yaml = @($body | Select-Object -Skip 1)
        if ($yaml.Count -eq 0) { throw (New-SchemaError $Path $entry.Line "the parameter -$name has no yaml block.") }
        $blocks = foreach ($block in $yaml) {
            if ($block.Kind -ne 'Code' -or $block.Language -ne 'yaml') {
                throw (New-SchemaError $Path $block.Line "after its description, the parameter -$name holds yaml code blocks only.")
            }
            Read-ParameterYaml $Path $block
        }
        $parameters.Add([pscustomobject]@{ Name = $name; Description = Get-Paragraph $body[0].Lines; Metadata = @($blocks) })
    }
    if (-not $common) { throw (New-SchemaError $Path $Section.Line "'## PARAMETERS' ends with '### CommonParameters'.") }
    , $parameters.ToArray()
}

function Read-TypeSection {
    # INPUTS and OUTPUTS: one "### TypeName" heading per type, each with an optional description.
    param([string] $Path, [object] $Section)
    $types = foreach ($type in (Split-Section $Path $Section.Body 3 "'## $($Section.Title)'")) {
        $body = @($type.Body)
        if ($body | Where-Object Kind -NE 'Text') { throw (New-SchemaError $Path $type.Line "'### $($type.Title)' holds text only.") }
        [pscustomobject]@{ Name = $type.Title; Description = if ($body.Count) { Get-Paragraph $body[0].Lines } else { @() } }
    }
    if (@($types).Count -eq 0) { throw (New-SchemaError $Path $Section.Line "'## $($Section.Title)' needs a '### TypeName' (or '### None').") }
    , @($types)
}

function Read-LinkSection {
    # RELATED LINKS: markdown links only, one a line.
    param([string] $Path, [object] $Section)
    $links = [System.Collections.Generic.List[object]]::new()
    foreach ($block in $Section.Body) {
        if ($block.Kind -ne 'Text') { throw (New-SchemaError $Path $block.Line "'## RELATED LINKS' holds markdown links only.") }
        for ($n = 0; $n -lt $block.Lines.Count; $n++) {
            $line = $block.Lines[$n].Trim()
            if (-not $line) { continue }
            if ($line -notmatch '^\[(?<text>[^\]]+)\]\((?<uri>[^)\s]*)\)$') {
                throw (New-SchemaError $Path ($block.Line + $n) "'## RELATED LINKS' holds one markdown link a line ([text](uri)), not '$line'.")
            }
            $links.Add([pscustomobject]@{ Text = $Matches.text; Uri = $Matches.uri })
        }
    }
    , $links.ToArray()
}

function Get-ParameterSetSyntax {
    # The syntax of each parameter set, built from the parameters' yaml blocks as platyPS builds it; the names must
    # be those the SYNTAX section declares, so the two cannot disagree.
    param([string] $Path, [object] $SyntaxSection, [object[]] $Declared, [object[]] $Parameters)
    $named = @($Parameters.Metadata.ParameterSets | Where-Object { $_ -ne $script:AllParameterSets } | Sort-Object -Unique)
    $declaredNames = @($Declared.Name | Where-Object { $_ -ne $script:AllParameterSets } | Sort-Object -Unique)
    if ($named.Count -eq 0 -and $Declared.Count -gt 1) {
        throw (New-SchemaError $Path $SyntaxSection.Line "'## SYNTAX' names parameter sets, but every parameter's yaml says 'Parameter Sets: (All)'.")
    }
    if ($named.Count -gt 0 -and ($named -join ', ') -ne ($declaredNames -join ', ')) {
        throw (New-SchemaError $Path $SyntaxSection.Line ("'## SYNTAX' declares the parameter sets [$($declaredNames -join ', ')] but the parameters' yaml blocks name [$($named -join ', ')]." +
            " A set whose parameters are all in '(All)' is lost from the syntax: name the sets in those yaml blocks instead (Parameter Sets: $($Declared.Name -join ', '))."))
    }
    $sets = if ($named.Count -eq 0) { @($script:AllParameterSets) } else { @($Declared.Name) }
    foreach ($set in $sets) {
        $members = foreach ($parameter in $Parameters) {
            $metadata = $parameter.Metadata | Where-Object { $set -in $_.ParameterSets -or $script:AllParameterSets -in $_.ParameterSets } | Select-Object -First 1
            if ($metadata) { [pscustomobject]@{ Parameter = $parameter; Metadata = $metadata } }
        }
        # Positional parameters first, by position; named ones after, in page order (Sort-Object is stable).
        $members = @($members | Sort-Object -Stable { if ($_.Metadata.Position -eq 'Named') { [int]::MaxValue } else { [int] $_.Metadata.Position } })
        [pscustomobject]@{ Name = $set; IsDefault = [bool] ($Declared | Where-Object { $_.Name -eq $set -and $_.IsDefault }); Members = $members }
    }
}

function Read-CommandHelpPage {
    <#
    .SYNOPSIS
        Reads and checks one cmdlet page (docs/<culture>/Verb-Noun.md). Throws "file:line: message" when the page
        breaks the schema; returns the command's help as an object otherwise.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipelineByPropertyName)] [Alias('FullName')] [string] $Path)
    process {
        $blocks = @(Read-MarkdownBlock $Path)
        $name = [System.IO.Path]::GetFileNameWithoutExtension($Path)
        if ($blocks.Count -eq 0 -or $blocks[0].Kind -ne 'FrontMatter') {
            throw (New-SchemaError $Path 1 "a command page starts with front matter: ---, $($script:FrontMatterKeys -join ': , '):, ---.")
        }
        $front = $blocks[0]
        foreach ($key in $front.Pairs.Keys) {
            if ($key -cnotin $script:FrontMatterKeys) {
                throw (New-SchemaError $Path $front.KeyLines[$key] "unknown front matter key '$key'; the keys are: $($script:FrontMatterKeys -join ', ').")
            }
        }
        foreach ($key in $script:FrontMatterKeys) {
            if (-not $front.Pairs.Contains($key)) { throw (New-SchemaError $Path 1 "the front matter lacks '${key}:'.") }
        }
        if ($front.Pairs['schema'] -ne '2.0.0') { throw (New-SchemaError $Path $front.KeyLines['schema'] "schema is 2.0.0, not '$($front.Pairs['schema'])'.") }
        if ($front.Pairs['external help file'] -notmatch '^\S+-Help\.xml$') {
            throw (New-SchemaError $Path $front.KeyLines['external help file'] "'external help file' names the MAML file, <Assembly>.dll-Help.xml.")
        }
        if ($blocks.Count -lt 2 -or $blocks[1].Kind -ne 'Heading' -or $blocks[1].Level -ne 1 -or $blocks[1].Title -cne $name) {
            $line = if ($blocks.Count -ge 2) { $blocks[1].Line } else { $front.KeyLines.Values | Measure-Object -Maximum | ForEach-Object Maximum }
            throw (New-SchemaError $Path $line "after the front matter comes '# $name', the command's name as in the file name.")
        }

        $sections = Split-Section $Path @($blocks | Select-Object -Skip 2) 2 "a command page"
        Assert-SectionOrder $Path $sections $script:CommandSections '##' $blocks[-1].Line
        $byName = @{}
        foreach ($section in $sections) { $byName[$section.Title.ToUpperInvariant()] = $section }

        $declared = Read-SyntaxSection $Path $byName['SYNTAX']
        $parameters = Read-ParameterSection $Path $byName['PARAMETERS']
        [pscustomobject]@{
            PSTypeName       = 'HelpConverter.CommandHelp'
            Name             = $name
            Path             = $Path
            ExternalHelpFile = $front.Pairs['external help file']
            ModuleName       = $front.Pairs['Module Name']
            OnlineVersion    = $front.Pairs['online version']
            Synopsis         = Get-SectionText $Path $byName['SYNOPSIS'] -Required
            Description      = Get-SectionText $Path $byName['DESCRIPTION'] -Required
            Syntax           = @(Get-ParameterSetSyntax $Path $byName['SYNTAX'] $declared $parameters)
            Examples         = Read-ExampleSection $Path $byName['EXAMPLES']
            Parameters       = $parameters
            Inputs           = Read-TypeSection $Path $byName['INPUTS']
            Outputs          = Read-TypeSection $Path $byName['OUTPUTS']
            Notes            = Get-SectionText $Path $byName['NOTES']
            Links            = Read-LinkSection $Path $byName['RELATED LINKS']
        }
    }
}

#endregion

#region MAML

function Write-Paragraph {
    param([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs)
    foreach ($paragraph in $Paragraphs) { $Writer.WriteElementString('maml', 'para', $script:Ns.maml, $paragraph) }
}

function Write-Description {
    param([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs)
    $Writer.WriteStartElement('maml', 'description', $script:Ns.maml)
    Write-Paragraph $Writer $Paragraphs
    $Writer.WriteEndElement()
}

function Write-TypeName {
    param([System.Xml.XmlWriter] $Writer, [string] $Name)
    $Writer.WriteStartElement('dev', 'type', $script:Ns.dev)
    $Writer.WriteElementString('maml', 'name', $script:Ns.maml, $Name)
    $Writer.WriteElementString('maml', 'uri', $script:Ns.maml, '')
    $Writer.WriteEndElement()
}

function Write-MamlParameter {
    # command:parameter as platyPS's MamlRenderer writes it; in a syntax item a switch has no parameterValue.
    param([System.Xml.XmlWriter] $Writer, [object] $Parameter, [object] $Metadata, [switch] $InSyntax)
    $isSwitch = $Metadata.Type -in 'SwitchParameter', 'System.Management.Automation.SwitchParameter'
    $Writer.WriteStartElement('command', 'parameter', $script:Ns.command)
    $Writer.WriteAttributeString('required', $Metadata.Required.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', 'true')
    $Writer.WriteAttributeString('globbing', $Metadata.Globbing.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', $Metadata.PipelineInput)
    $Writer.WriteAttributeString('position', $Metadata.Position.ToLowerInvariant())
    $Writer.WriteAttributeString('aliases', $(if ($Metadata.Aliases.Count) { $Metadata.Aliases -join ', ' } else { 'none' }))
    $Writer.WriteElementString('maml', 'name', $script:Ns.maml, $Parameter.Name)
    Write-Description $Writer $Parameter.Description
    if ($InSyntax -and $Metadata.AcceptedValues.Count) {
        $Writer.WriteStartElement('command', 'parameterValueGroup', $script:Ns.command)
        foreach ($value in $Metadata.AcceptedValues) {
            $Writer.WriteStartElement('command', 'parameterValue', $script:Ns.command)
            $Writer.WriteAttributeString('required', 'false')
            $Writer.WriteAttributeString('command', 'variableLength', $script:Ns.command, 'false')
            $Writer.WriteString($value)
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }
    if (-not ($InSyntax -and $isSwitch)) {
        $Writer.WriteStartElement('command', 'parameterValue', $script:Ns.command)
        $Writer.WriteAttributeString('required', (-not $isSwitch).ToString().ToLowerInvariant())
        $Writer.WriteAttributeString('variableLength', 'false')
        $Writer.WriteString($(if ($isSwitch) { 'SwitchParameter' } else { $Metadata.Type }))
        $Writer.WriteEndElement()
    }
    Write-TypeName $Writer $(if ($isSwitch) { 'SwitchParameter' } else { $Metadata.Type })
    $default = if ($isSwitch -and $Metadata.DefaultValue -in '', 'None') { 'False' } elseif ($Metadata.DefaultValue) { $Metadata.DefaultValue } else { 'None' }
    $Writer.WriteElementString('dev', 'defaultValue', $script:Ns.dev, $default)
    $Writer.WriteEndElement()
}

function Get-PaddedExampleTitle {
    # platyPS pads titles with dashes to 64 characters; Get-Help prints them as the example's banner.
    param([string] $Title)
    if ($Title.Length -ge 62) { return $Title }
    $pad = '-' * [math]::Floor((64 - $Title.Length - 2) / 2)
    "$pad $Title $pad"
}

function Write-MamlCommand {
    param([System.Xml.XmlWriter] $Writer, [object] $Command)
    $verb, $noun = $Command.Name -split '-', 2
    $Writer.WriteStartElement('command', 'command', $script:Ns.command)
    foreach ($prefix in 'maml', 'command', 'dev') { $Writer.WriteAttributeString('xmlns', $prefix, $null, $script:Ns[$prefix]) }

    $Writer.WriteStartElement('command', 'details', $script:Ns.command)
    $Writer.WriteElementString('command', 'name', $script:Ns.command, $Command.Name)
    $Writer.WriteElementString('command', 'verb', $script:Ns.command, $verb)
    $Writer.WriteElementString('command', 'noun', $script:Ns.command, $noun)
    Write-Description $Writer $Command.Synopsis
    $Writer.WriteEndElement()

    Write-Description $Writer $Command.Description

    $Writer.WriteStartElement('command', 'syntax', $script:Ns.command)
    foreach ($set in $Command.Syntax) {
        $Writer.WriteStartElement('command', 'syntaxItem', $script:Ns.command)
        $Writer.WriteElementString('maml', 'name', $script:Ns.maml, $Command.Name)
        foreach ($member in $set.Members) { Write-MamlParameter $Writer $member.Parameter $member.Metadata -InSyntax }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'parameters', $script:Ns.command)
    foreach ($parameter in $Command.Parameters) { Write-MamlParameter $Writer $parameter $parameter.Metadata[0] }
    $Writer.WriteEndElement()

    foreach ($kind in @(@{ List = 'inputTypes'; Item = 'inputType'; Types = $Command.Inputs }, @{ List = 'returnValues'; Item = 'returnValue'; Types = $Command.Outputs })) {
        $Writer.WriteStartElement('command', $kind.List, $script:Ns.command)
        foreach ($type in $kind.Types) {
            $Writer.WriteStartElement('command', $kind.Item, $script:Ns.command)
            Write-TypeName $Writer $type.Name
            Write-Description $Writer $type.Description
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }

    $Writer.WriteStartElement('maml', 'alertSet', $script:Ns.maml)
    $Writer.WriteStartElement('maml', 'alert', $script:Ns.maml)
    Write-Paragraph $Writer $Command.Notes
    $Writer.WriteEndElement()
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'examples', $script:Ns.command)
    foreach ($example in $Command.Examples) {
        $Writer.WriteStartElement('command', 'example', $script:Ns.command)
        $Writer.WriteElementString('maml', 'title', $script:Ns.maml, (Get-PaddedExampleTitle $example.Title))
        $Writer.WriteElementString('dev', 'code', $script:Ns.dev, $example.AllCode)
        $Writer.WriteStartElement('dev', 'remarks', $script:Ns.dev)
        Write-Paragraph $Writer $example.Remarks
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'relatedLinks', $script:Ns.command)
    foreach ($link in $Command.Links) {
        $Writer.WriteStartElement('maml', 'navigationLink', $script:Ns.maml)
        $Writer.WriteElementString('maml', 'linkText', $script:Ns.maml, $link.Text)
        # Get-Help rejects a link whose uri is not absolute (platyPS issue 164): keep the text, drop the uri.
        $uri = $null
        $Writer.WriteElementString('maml', 'uri', $script:Ns.maml, $(if ([uri]::TryCreate($link.Uri, 'Absolute', [ref] $uri)) { $link.Uri } else { '' }))
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteEndElement()
}

function ConvertTo-Maml {
    # The MAML document Get-Help reads for these commands.
    param([object[]] $Command)
    $settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; IndentChars = '  '; Encoding = [System.Text.UTF8Encoding]::new($true) }
    $stream = [System.IO.MemoryStream]::new()
    $writer = [System.Xml.XmlWriter]::Create($stream, $settings)
    try {
        $writer.WriteStartDocument()
        $writer.WriteStartElement('helpItems', $script:Ns.msh)
        $writer.WriteAttributeString('schema', 'maml')
        foreach ($c in $Command) { Write-MamlCommand $writer $c }
        $writer.WriteEndElement()
        $writer.WriteEndDocument()
    }
    finally { $writer.Dispose() }
    , $stream.ToArray()
}

#endregion

#region About topics

function Format-AboutParagraph {
    # A paragraph wrapped to 80 columns, indented 4; a list item's continuation lines line up after its marker.
    param([string] $Text)
    $indent = $script:AboutIndent
    $hanging = if ($Text -match '^(?<marker>([-*+]|\d+\.)\s+)') { $indent + (' ' * $Matches.marker.Length) } else { $indent }
    $line = $indent
    foreach ($word in ($Text -split ' ' | Where-Object { $_ })) {
        if ($line.Trim() -and $line.Length + 1 + $word.Length -gt $script:AboutWidth) {
            $line
            $line = $hanging + $word
        }
        elseif ($line.Trim()) { $line += ' ' + $word }
        else { $line += $word }
    }
    $line
}

function Read-AboutHelpPage {
    <#
    .SYNOPSIS
        Reads and checks an about topic in platyPS's about template (docs/<culture>/about_Name.md) and returns
        its name and its text as Get-Help shows it. Throws "file:line: message" when the page breaks the template.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipelineByPropertyName)] [Alias('FullName')] [string] $Path)
    process {
        $blocks = @(Read-MarkdownBlock $Path)
        $name = [System.IO.Path]::GetFileNameWithoutExtension($Path)
        if ($blocks.Count -eq 0 -or $blocks[0].Kind -ne 'Heading' -or $blocks[0].Level -ne 1) {
            throw (New-SchemaError $Path 1 "an about topic starts with '# Title'.")
        }
        if ($blocks.Count -lt 2 -or $blocks[1].Kind -ne 'Heading' -or $blocks[1].Level -ne 2 -or $blocks[1].Title -cne $name) {
            throw (New-SchemaError $Path $(if ($blocks.Count -ge 2) { $blocks[1].Line } else { 1 }) "the second line of an about topic is '## $name', the name Get-Help looks up.")
        }
        $body = @($blocks | Select-Object -Skip 2)
        $sections = @($body | Where-Object { $_.Kind -eq 'Heading' -and $_.Level -eq 1 } |
            ForEach-Object { [pscustomobject]@{ Title = $_.Title; Line = $_.Line } })
        if ($body.Count -and $body[0] -notin @($body | Where-Object { $_.Kind -eq 'Heading' -and $_.Level -eq 1 })) {
            throw (New-SchemaError $Path $body[0].Line "after '## $name' comes '# SHORT DESCRIPTION'.")
        }
        Assert-SectionOrder $Path $sections $script:AboutSections '#' $blocks[-1].Line

        $out = [System.Collections.Generic.List[string]]::new()
        $out.Add('TOPIC')
        $out.Add($script:AboutIndent + $name.ToLowerInvariant())
        $out.Add('')
        foreach ($block in $body) {
            switch ($block.Kind) {
                'Heading' {
                    if ($block.Level -eq 1) { $out.Add($block.Title.ToUpperInvariant()) }
                    elseif ($block.Level -eq 2) { $out.Add($block.Title) }
                    else { $out.Add($script:AboutIndent + $block.Title.ToUpperInvariant()) }
                }
                'Text' {
                    foreach ($paragraph in (Get-Paragraph $block.Lines)) {
                        foreach ($line in (Format-AboutParagraph $paragraph)) { $out.Add($line) }
                        $out.Add('')
                    }
                }
                'Code' {
                    for ($n = 0; $n -lt $block.Lines.Count; $n++) {
                        $line = $script:AboutIndent + $block.Lines[$n]
                        if ($line.Length -gt $script:AboutWidth) {
                            throw (New-SchemaError $Path ($block.Line + 1 + $n) "this code line is $($line.Length) columns once indented; about topics ship wrapped at $($script:AboutWidth).")
                        }
                        $out.Add($line.TrimEnd())
                    }
                    $out.Add('')
                }
            }
        }
        [pscustomobject]@{
            PSTypeName = 'HelpConverter.AboutHelp'
            Name       = $name
            Path       = $Path
            Text       = ($out -join [Environment]::NewLine).TrimEnd() + [Environment]::NewLine
            CodeBlocks = @($body | Where-Object Kind -EQ 'Code' | ForEach-Object { [pscustomobject]@{ Line = $_.Line; Code = $_.Lines -join "`n" } })
        }
    }
}

#endregion

function Read-HelpDirectory {
    <#
    .SYNOPSIS
        Reads and checks every page in a folder (docs/<culture>): about_*.md as about topics, the rest as command
        pages. The first page that breaks the schema throws "file:line: message".
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Path)
    # A loop, not a pipeline: a schema error then surfaces as thrown, not wrapped in a pipeline error.
    foreach ($page in (Get-ChildItem -Path $Path -Filter '*.md' -File | Sort-Object Name)) {
        if ($page.Name -like 'about_*') { Read-AboutHelpPage $page.FullName }
        else { Read-CommandHelpPage $page.FullName }
    }
}

function Export-MamlHelp {
    <#
    .SYNOPSIS
        What platyPS's New-ExternalHelp does, for pages in schema 2.0.0: checks every page under -Path, writes one
        MAML file per 'external help file' and one about_*.help.txt per about topic into -OutputPath.
    .OUTPUTS
        System.IO.FileInfo for each file written.
    #>
    [CmdletBinding()]
    [OutputType([System.IO.FileInfo])]
    param(
        [Parameter(Mandatory)] [string] $Path,
        [Parameter(Mandatory)] [string] $OutputPath
    )
    $pages = @(Read-HelpDirectory -Path $Path)
    $null = New-Item -ItemType Directory -Path $OutputPath -Force
    foreach ($group in ($pages | Where-Object { $_.PSObject.TypeNames -contains 'HelpConverter.CommandHelp' } | Group-Object ExternalHelpFile)) {
        $file = Join-Path $OutputPath $group.Name
        [System.IO.File]::WriteAllBytes($file, (ConvertTo-Maml $group.Group))
        Get-Item $file
    }
    foreach ($about in ($pages | Where-Object { $_.PSObject.TypeNames -contains 'HelpConverter.AboutHelp' })) {
        $file = Join-Path $OutputPath "$($about.Name).help.txt"
        [System.IO.File]::WriteAllText($file, $about.Text, [System.Text.UTF8Encoding]::new($true))
        Get-Item $file
    }
}

function Build-ModuleHelp {
    <#
    .SYNOPSIS
        What build.ps1's Help task does: checks every page under -Path with this module's reader, then writes the
        help with platyPS's New-ExternalHelp where platyPS is installed, with Export-MamlHelp otherwise.
    .OUTPUTS
        The name of the converter used: platyPS or HelpConverter.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)] [string] $Path,
        [Parameter(Mandatory)] [string] $OutputPath
    )
    # Checked first in both cases, so a page that breaks the schema fails with its file and line wherever it is built.
    $null = Read-HelpDirectory -Path $Path
    if (Get-Module -ListAvailable -Name platyPS) {
        Import-Module platyPS
        $null = New-ExternalHelp -Path $Path -OutputPath $OutputPath -Force
        'platyPS'
    }
    else {
        $null = Export-MamlHelp -Path $Path -OutputPath $OutputPath
        'HelpConverter'
    }
}

Export-ModuleMember -Function Read-CommandHelpPage, Read-AboutHelpPage, Read-HelpDirectory, Export-MamlHelp, Build-ModuleHelp
