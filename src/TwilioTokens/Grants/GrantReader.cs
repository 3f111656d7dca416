using System;
using System.Collections.Generic;
using System.Collections.Specialized;

namespace TwilioTokens
{
    /// <summary>Turns the decoded <c>grants</c> claim back into typed grants. A new grant type registers here.</summary>
    internal static class GrantReader
    {
        /// <summary>The key under <c>grants</c> that carries the identity rather than a grant.</summary>
        public const string IdentityKey = "identity";

        private static readonly Dictionary<string, Func<GrantFields, TwilioGrant>> s_readers =
            new Dictionary<string, Func<GrantFields, TwilioGrant>>(StringComparer.Ordinal)
            {
                { VoiceGrant.Key, VoiceGrant.FromClaim },
                { VideoGrant.Key, VideoGrant.FromClaim },
                { ChatGrant.Key, ChatGrantBase.FromClaim<ChatGrant> },
                { SyncGrant.Key, SyncGrant.FromClaim },
                { TaskRouterGrant.Key, TaskRouterGrant.FromClaim },
                { IpMessagingGrant.Key, ChatGrantBase.FromClaim<IpMessagingGrant> },
                { RtcGrant.Key, RtcGrant.FromClaim },
            };

        /// <summary>Keys Twilio still reads but has replaced, with what replaced them.</summary>
        internal static readonly Dictionary<string, string> Deprecated = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            { IpMessagingGrant.Key, "New-TwilioChatGrant (key 'chat')" },
            { RtcGrant.Key, "New-TwilioVideoGrant (key 'video')" },
        };

        public static TwilioGrant Read(string key, object value, IList<TokenProblem> problems)
        {
            var fields = value as OrderedDictionary;
            if (fields == null)
            {
                problems.Add(new TokenProblem(
                    TwilioErrorCode.InvalidGrants,
                    $"grants.{key} should be an object but is {GrantFields.JsonKind(value)}.",
                    "Each grant is a JSON object; mint the token again."));
                return UnknownGrant.FromClaim(key, value);
            }

            if (key == PlaybackGrant.Key)
            {
                // Opaque: Twilio's PlaybackGrant call defines its content, so it is kept as it came.
                return PlaybackGrant.FromClaim(fields);
            }

            if (!s_readers.TryGetValue(key, out Func<GrantFields, TwilioGrant> read))
            {
                problems.Add(new TokenProblem(
                    TwilioErrorCode.InvalidGrants,
                    $"grants.{key} is not a grant Twilio defines.",
                    "Check the spelling of the grant key; Twilio does not know this grant and the SDKs ignore or reject it."));
                return UnknownGrant.FromClaim(key, value);
            }

            if (Deprecated.TryGetValue(key, out string replacement))
            {
                problems.Add(new TokenProblem(
                    TwilioErrorCode.InvalidGrants,
                    $"grants.{key} is a deprecated grant.",
                    $"Current SDKs expect the newer grant: mint with {replacement}."));
            }

            return read(new GrantFields(fields, key, problems));
        }
    }
}
