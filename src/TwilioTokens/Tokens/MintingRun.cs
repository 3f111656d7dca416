using System;
using TwilioTokens.Internal;

namespace TwilioTokens
{
    /// <summary>What the tokens of one New-TwilioAccessToken run hold in common: its key's SID, account, lifetime, nbf,
    /// region and grants, and the engine's writer of their text. One instance is shared by the tokens minted one after
    /// another with the same grants and fixed claims, so that each <see cref="AccessToken"/> keeps only what is its own.
    /// A row that brings grants of its own (a new grant set) starts a new one.</summary>
    /// <remarks>Why: a script that keeps its tokens ($tokens = Import-Csv ... | New-TwilioAccessToken) pays for every
    /// byte each one holds, as the garbage collector copies the kept objects and the process commits fresh memory for
    /// them; a 96-byte token kept costs measurably less than the 160-byte one that held these values itself
    /// (docs/performance.md). Immutable; it holds no secret.</remarks>
    internal sealed class MintingRun
    {
        public MintingRun(IAccessTokenText text, string accountSid, string apiKeySid, int ttlSeconds, DateTime? notBefore,
            string region, TwilioGrant[] grants)
        {
            Text = text;
            AccountSid = accountSid;
            ApiKeySid = apiKeySid;
            TtlSeconds = ttlSeconds;
            NotBefore = notBefore;
            Region = region;
            Grants = grants;
        }

        /// <summary>Writes a token's text again from its own values and MAC.</summary>
        public IAccessTokenText Text { get; }

        public string AccountSid { get; }

        public string ApiKeySid { get; }

        /// <summary>Every token of the run expires this long after it was issued.</summary>
        public int TtlSeconds { get; }

        public DateTime? NotBefore { get; }

        public string Region { get; }

        public TwilioGrant[] Grants { get; }

        /// <summary>True when a token signed with <paramref name="text"/> and <paramref name="grants"/> belongs to this
        /// run (both compared by reference: the signing key hands back the same writer while the fixed claims stay the
        /// same, except for a token the handler wrote, whose writer is its own, and a grant set's array never changes).</summary>
        public bool IsFor(IAccessTokenText text, TwilioGrant[] grants) =>
            ReferenceEquals(text, Text) && ReferenceEquals(grants, Grants);
    }
}
