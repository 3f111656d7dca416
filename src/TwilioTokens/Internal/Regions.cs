namespace TwilioTokens.Internal
{
    /// <summary>Twilio's region ids, as its client SDKs and helper libraries accept them.</summary>
    internal static class Regions
    {
        /// <summary>The ids ValidateSet and tab completion offer. Keep in sync with <see cref="Ids"/>.</summary>
        public const string Us1 = "us1", Us2 = "us2", Ie1 = "ie1", Au1 = "au1", Jp1 = "jp1", Sg1 = "sg1", Br1 = "br1", De1 = "de1";

        public static readonly string[] Ids = { Us1, Us2, Ie1, Au1, Jp1, Sg1, Br1, De1 };

        /// <summary>Twilio's public edge locations, for tab completion of -Edge (the REST cmdlets accept any DNS label,
        /// so a new edge works before this list knows it).</summary>
        public static readonly string[] Edges = { "ashburn", "dublin", "frankfurt", "roaming", "sao-paulo", "singapore", "sydney", "tokyo", "umatilla" };
    }
}
