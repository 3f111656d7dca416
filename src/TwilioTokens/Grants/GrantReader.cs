using System.Collections;
using System.Collections.Generic;

namespace TwilioTokens
{
    /// <summary>Turns the decoded <c>grants</c> claim back into typed grants. New grant types register here.</summary>
    internal static class GrantReader
    {
        /// <summary>The key under <c>grants</c> that carries the identity rather than a grant.</summary>
        public const string IdentityKey = "identity";

        public static TwilioGrant Read(string key, object value, IList<TokenProblem> problems)
        {
            var fields = value as IDictionary;
            if (fields == null)
            {
                problems.Add(new TokenProblem(
                    TwilioErrorCode.InvalidGrants,
                    $"grants.{key} should be an object but is {GrantFields.JsonKind(value)}.",
                    "Each grant is a JSON object; mint the token again."));
                return new UnknownGrant(key, value);
            }

            var reader = new GrantFields(fields, "grants." + key, problems);
            switch (key)
            {
                case VoiceGrant.Key:
                    return VoiceGrant.FromClaim(reader);
                default:
                    problems.Add(new TokenProblem(
                        TwilioErrorCode.InvalidGrants,
                        $"grants.{key} is not a grant Twilio defines.",
                        "Check the spelling of the grant key; Twilio rejects tokens with unknown grants."));
                    return new UnknownGrant(key, value);
            }
        }
    }
}
