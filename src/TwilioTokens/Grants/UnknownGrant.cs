namespace TwilioTokens
{
    /// <summary>A grant key this module has no type for. Kept as decoded, so re-minting copies it unchanged.</summary>
    public sealed class UnknownGrant : TwilioGrant
    {
        private readonly string _kind;

        public UnknownGrant(string kind, object value)
        {
            _kind = kind;
            Value = value;
        }

        public override string Kind => _kind;

        /// <inheritdoc cref="TwilioGrant.ToString"/>
        public override string ToString() => base.ToString();

        /// <summary>The grant's JSON value as decoded (ordered dictionaries, arrays, strings, numbers, booleans).</summary>
        public object Value { get; }

        internal override object ToClaimValue() => Value;
    }
}
