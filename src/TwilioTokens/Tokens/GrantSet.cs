using System;
using System.Collections.Generic;
using TwilioTokens.Internal;

namespace TwilioTokens
{
    /// <summary>The grants of one token: at most one of each kind, with their JSON values computed once and shared by
    /// every token minted with them.</summary>
    internal sealed class GrantSet
    {
        public static readonly GrantSet Empty = new GrantSet(new TwilioGrant[0]);

        private readonly KeyValuePair<string, object>[] _claims;

        public GrantSet(IEnumerable<TwilioGrant> grants)
        {
            var list = new List<TwilioGrant>();
            var kinds = new HashSet<string>(StringComparer.Ordinal);
            foreach (TwilioGrant grant in grants)
            {
                if (grant == null)
                {
                    continue;
                }

                if (grant.Kind == GrantReader.IdentityKey || !kinds.Add(grant.Kind))
                {
                    throw new DuplicateGrantException(grant.Kind);
                }

                list.Add(grant);
            }

            Grants = list.ToArray();
            _claims = new KeyValuePair<string, object>[Grants.Length];
            for (int i = 0; i < Grants.Length; i++)
            {
                _claims[i] = new KeyValuePair<string, object>(Grants[i].Kind, Grants[i].ToClaimValue());
            }
        }

        public TwilioGrant[] Grants { get; }

        /// <summary>Each grant's key and claim value, for <see cref="AccessTokenClaims.Grants"/>: built once and never
        /// changed, so the engine serialises it once for every token minted with this set.</summary>
        public KeyValuePair<string, object>[] Claims => _claims;
    }

    /// <summary>Two grants of one kind (or a grant named like the identity key) in one token.</summary>
    internal sealed class DuplicateGrantException : ArgumentException
    {
        public DuplicateGrantException(string kind)
            : base(kind == GrantReader.IdentityKey
                ? "A grant cannot use the key 'identity': that key holds the token's identity. Use -Identity."
                : $"More than one '{kind}' grant was given; a token holds at most one grant of each kind. Merge their settings into one New-Twilio*Grant call.")
        {
            Kind = kind;
        }

        public string Kind { get; }
    }
}
