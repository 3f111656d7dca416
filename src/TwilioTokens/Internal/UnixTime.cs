using System;

namespace TwilioTokens.Internal
{
    internal static class UnixTime
    {
        /// <summary>The time, in UTC (offset +00:00).</summary>
        public static DateTimeOffset ToTime(long seconds) => DateTimeOffset.FromUnixTimeSeconds(seconds);

        /// <summary>Whole seconds, floored, of a time in any kind (local times are converted to UTC first).</summary>
        public static long ToSeconds(DateTime time) => new DateTimeOffset(time.ToUniversalTime()).ToUnixTimeSeconds();
    }
}
