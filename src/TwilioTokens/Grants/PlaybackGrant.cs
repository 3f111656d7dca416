using System.Collections.Specialized;

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

        /// <inheritdoc cref="TwilioGrant.ToString"/>
        public override string ToString() => base.ToString();

        /// <summary>The grant object as Twilio returned it.</summary>
        public OrderedDictionary Grant { get; }

        internal override object ToClaimValue() => Grant;

        internal static PlaybackGrant FromClaim(OrderedDictionary value) => new PlaybackGrant(value);
    }
}
