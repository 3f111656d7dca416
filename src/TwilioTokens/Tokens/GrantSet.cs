using System;
using System.Collections.Generic;
using TwilioTokens.Internal;

namespace TwilioTokens
{
    /// <summary>The grants of one token: at most one of each kind, with their JSON written once and shared by every
    /// token minted with them. A grant that cannot be written is refused here, once, rather than by each token.</summary>
    internal sealed class GrantSet
    {
        public static readonly GrantSet Empty = new GrantSet(new TwilioGrant[0]);

        private readonly KeyValuePair<string, byte[]>[] _claims;

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
            _claims = new KeyValuePair<string, byte[]>[Grants.Length];
            for (int i = 0; i < Grants.Length; i++)
            {
                _claims[i] = new KeyValuePair<string, byte[]>(Grants[i].Kind, ToJson(Grants[i]));
            }
        }

        public TwilioGrant[] Grants { get; }

        /// <summary>Each grant's key and JSON, for <see cref="AccessTokenClaims.Grants"/>.</summary>
        public KeyValuePair<string, byte[]>[] Claims => _claims;

        private static byte[] ToJson(TwilioGrant grant)
        {
            try
            {
                return EngineHost.Engine.WriteClaimValue(grant.ToClaimValue());
            }
            catch (ArgumentException e)
            {
                throw new GrantValueException(grant, e.Message);
            }
        }
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

    /// <summary>A grant holding a value that has no JSON form, such as a date: no token can carry it.</summary>
    internal sealed class GrantValueException : ArgumentException
    {
        public GrantValueException(TwilioGrant grant, string why)
            : base($"The '{grant.Kind}' grant cannot go into a token: {why}. No token was minted with it.")
        {
            Grant = grant;
        }

        public TwilioGrant Grant { get; }
    }
}
