namespace TwilioTokens
{
    /// <summary>What the decoder made of a token's grants apart from its identity, kept for the tokens of the run whose
    /// grants are the same bytes (RepeatedValues): the grants, only to check each token's identity against, and their
    /// problems. Never handed to scripts: a decoded token's Grants are read again from its own text.</summary>
    internal sealed class KnownGrants
    {
        public KnownGrants(TwilioGrant[] grants, TokenProblem[] problems)
        {
            Grants = grants;
            Problems = problems;
        }

        public TwilioGrant[] Grants { get; }

        /// <summary>Immutable, shared by every token these grants are read for.</summary>
        public TokenProblem[] Problems { get; }
    }
}
