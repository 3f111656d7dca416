using System;

namespace TwilioTokens
{
    /// <summary>Short human text for a token's lifetime ("59m 58s", "1d 2h 0m"), used by messages and format views.</summary>
    public static class LifetimeText
    {
        public static string Format(TimeSpan span)
        {
            if (span.TotalDays >= 1) return $"{(int)span.TotalDays}d {span.Hours}h {span.Minutes}m";
            if (span.TotalHours >= 1) return $"{span.Hours}h {span.Minutes}m {span.Seconds}s";
            if (span.TotalMinutes >= 1) return $"{span.Minutes}m {span.Seconds}s";
            return $"{span.Seconds}s";
        }
    }
}
