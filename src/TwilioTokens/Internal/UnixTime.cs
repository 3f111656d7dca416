using System;
using System.Runtime.CompilerServices;

namespace TwilioTokens.Internal
{
    internal static class UnixTime
    {
        [MethodImpl(HotPath.Optimize)]
        public static DateTime ToDateTime(long seconds) => DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime;
    }
}
