using System.Collections.Specialized;
using TwilioTokens.Internal;

namespace TwilioTokens
{
    /// <summary>The <c>player</c> grant for Twilio Live playback: the opaque object Twilio's PlaybackGrant REST call
    /// returns, copied into the token as is.</summary>
    public sealed class PlaybackGrant : TwilioGrant
    {
        public const string Key = "player";

        public PlaybackGrant(OrderedDictionary grant)
        {
            Grant = grant ?? new OrderedDictionary();
        }

        public override string Kind => Key;

        /// <summary>The grant object as Twilio returned it.</summary>
        public OrderedDictionary Grant { get; }

        internal override object ToClaimValue() => ClaimValues.ToWritable(Grant);

        /// <summary>The decoded object, converted as the parser's objects were always handed to scripts.</summary>
        internal static PlaybackGrant FromClaim(JsonObject value) => new PlaybackGrant(value.ToOrderedDictionary());
    }
}
