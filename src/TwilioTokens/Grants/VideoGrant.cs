using System.Collections.Generic;

namespace TwilioTokens
{
    /// <summary>The <c>video</c> grant: lets a Video SDK client join rooms. Empty, it allows any room.</summary>
    public sealed class VideoGrant : TwilioGrant
    {
        public const string Key = "video";

        public override string Kind => Key;

        /// <inheritdoc cref="TwilioGrant.ToString"/>
        public override string ToString() => base.ToString();

        /// <summary>The only room the client may join: its name or its SID (RM…).</summary>
        public string Room { get; set; }

        internal override object ToClaimValue()
        {
            var claim = new Dictionary<string, object>();
            AddIfSet(claim, "room", Room);
            return claim;
        }

        /// <summary>Video invites break on identities containing ':'.</summary>
        internal override string CheckIdentity(string identity) =>
            identity.IndexOf(':') >= 0 ? "Video identities must not contain ':' (it breaks room invites)." : null;

        internal static VideoGrant FromClaim(GrantFields fields) => new VideoGrant { Room = fields.String("room") };
    }
}
