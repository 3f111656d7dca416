using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using TwilioTokens.Internal;

namespace TwilioTokens.Commands
{
    /// <summary>Completes from a fixed list, case-insensitively by prefix, in the list's order.</summary>
    public abstract class FixedListCompleter : IArgumentCompleter
    {
        private readonly string[] _values;
        private readonly string _what;

        protected FixedListCompleter(string[] values, string what)
        {
            _values = values;
            _what = what;
        }

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
            foreach (string value in _values)
            {
                if (value.StartsWith(prefix, System.StringComparison.OrdinalIgnoreCase))
                {
                    yield return new CompletionResult(value, value, CompletionResultType.ParameterValue, $"Twilio {_what} {value}");
                }
            }
        }
    }

    /// <summary>Tab completion of Twilio's region ids for the REST cmdlets' -Region.</summary>
    public sealed class RegionCompleter : FixedListCompleter
    {
        public RegionCompleter() : base(Regions.Ids, "region") { }
    }

    /// <summary>Tab completion of Twilio's edge locations for -Edge.</summary>
    public sealed class EdgeCompleter : FixedListCompleter
    {
        public EdgeCompleter() : base(Regions.Edges, "edge") { }
    }
}
