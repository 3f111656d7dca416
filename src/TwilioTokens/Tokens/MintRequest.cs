using System;
using System.Collections.Generic;
using System.Management.Automation;
using TwilioTokens.Internal;

namespace TwilioTokens
{
    /// <summary>One identity New-TwilioAccessToken was asked for and what came of it: the warnings to write before it,
    /// and its token, or the error to write in its place.</summary>
    internal struct MintRequest
    {
        public string Identity;
        public GrantSet Grants;
        public List<string> Warnings;

        /// <summary>Set when the identity is refused before signing; nothing is minted then.</summary>
        public ErrorRecord Error;

        public AccessToken Token;
        public Exception SigningFailure;

        /// <summary>Mints the token unless the request already holds an error; a signing failure is kept, not thrown.
        /// On whichever thread mints for <paramref name="minter"/> (<see cref="WorkAhead{TItem}"/>).</summary>
        public void Mint(TokenMinter minter)
        {
            if (Error != null)
            {
                return;
            }

            try
            {
                Token = minter.Mint(Identity, Grants);
            }
            catch (Exception e)
            {
                SigningFailure = e;
            }
        }
    }
}
