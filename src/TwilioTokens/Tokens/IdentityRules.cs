namespace TwilioTokens
{
    /// <summary>What makes an identity unusable for every product. Product-specific rules are the grants' concern.</summary>
    internal static class IdentityRules
    {
        /// <returns>Why the identity cannot be used, or null when it can.</returns>
        public static string Check(string identity)
        {
            if (string.IsNullOrWhiteSpace(identity))
            {
                return "An identity cannot be empty or white space.";
            }

            foreach (char c in identity)
            {
                if (char.IsControl(c))
                {
                    return $"The identity '{identity.Replace("\n", "\\n").Replace("\r", "\\r")}' contains a control character (U+{(int)c:X4}).";
                }
            }

            return null;
        }
    }
}
