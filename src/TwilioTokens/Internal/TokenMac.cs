namespace TwilioTokens.Internal
{
    /// <summary>
    /// The HMAC-SHA256 of one access token: its 32 bytes as four numbers, held inside the token object. An array of its
    /// own would add a second object and 24 bytes to every kept token, and a script that keeps thousands of tokens pays
    /// for each byte in collector copies and fresh pages (docs/performance.md). Not a secret: it is the token's last
    /// part. Not meant for scripts.
    /// </summary>
    public readonly struct TokenMac
    {
        public const int Length = 32;

        private readonly ulong _first;
        private readonly ulong _second;
        private readonly ulong _third;
        private readonly ulong _fourth;

        /// <summary>The MAC in <c>bytes[offset..offset+32)</c>.</summary>
        public TokenMac(byte[] bytes, int offset)
        {
            _first = Read(bytes, offset);
            _second = Read(bytes, offset + 8);
            _third = Read(bytes, offset + 16);
            _fourth = Read(bytes, offset + 24);
        }

        /// <summary>Writes the 32 bytes into <c>destination[offset..offset+32)</c>, in the order they were read.</summary>
        public void CopyTo(byte[] destination, int offset)
        {
            Write(_first, destination, offset);
            Write(_second, destination, offset + 8);
            Write(_third, destination, offset + 16);
            Write(_fourth, destination, offset + 24);
        }

        private static ulong Read(byte[] bytes, int offset)
        {
            ulong value = 0;
            for (int i = 0; i < 8; i++) value = (value << 8) | bytes[offset + i];
            return value;
        }

        private static void Write(ulong value, byte[] destination, int offset)
        {
            for (int i = 7; i >= 0; i--)
            {
                destination[offset + i] = (byte)value;
                value >>= 8;
            }
        }
    }
}
