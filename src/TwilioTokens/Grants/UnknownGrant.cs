namespace TwilioTokens
{
    /// <summary>A grant key this module has no type for. Kept as decoded, so re-minting copies it unchanged; scripts
    /// may also make one for a grant Twilio adds later (<c>[TwilioTokens.UnknownGrant]::new('kind', @{ ... })</c>).</summary>
    public sealed class UnknownGrant : TwilioGrant
    {
        private readonly string _kind;

        /// <param name="value">What the grant's JSON holds; PowerShell's wrappers around it are removed (<see cref="PlainValue"/>).</param>
        public UnknownGrant(string kind, object value)
            : this(kind)
        {
            Value = PlainValue.From(value);
        }

        private UnknownGrant(string kind)
        {
            _kind = kind;
        }

        /// <summary>The grant as decoded from a token, whose value is plain JSON already.</summary>
        internal static UnknownGrant FromClaim(string kind, object value) => new UnknownGrant(kind) { Value = value };

        public override string Kind => _kind;

        /// <inheritdoc cref="TwilioGrant.ToString"/>
        public override string ToString() => base.ToString();

        /// <summary>The grant's JSON value (ordered dictionaries, arrays, strings, numbers, booleans).</summary>
        public object Value { get; private set; }

        internal override object ToClaimValue() => Value;
    }
}
