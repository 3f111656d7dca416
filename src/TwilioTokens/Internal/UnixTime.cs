using System;

namespace TwilioTokens.Internal
{
    internal static class UnixTime
    {
        public static DateTime ToDateTime(long seconds) => DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime;
    }
}
