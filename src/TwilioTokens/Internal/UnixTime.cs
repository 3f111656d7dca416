using System;

namespace TwilioTokens.Internal
{
    internal static class UnixTime
    {
        public static DateTime ToDateTime(long seconds) => DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime;

        /// <summary>Whole seconds, floored, of a time in any kind (local times are converted to UTC first).</summary>
        public static long ToSeconds(DateTime time) => new DateTimeOffset(time.ToUniversalTime()).ToUnixTimeSeconds();
    }
}
