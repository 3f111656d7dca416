using System;
using System.Runtime.CompilerServices;

namespace TwilioTokens.Engine
{
    /// <summary>Base64url without padding (RFC 7515 §2), written as ASCII bytes so that the signing input can be
    /// signed where it is built.</summary>
    /// <remarks>
    /// A plain table encoder rather than the runtime's vectorised Base64.EncodeToUtf8 plus a pass that swaps '+' and '/':
    /// the runtime's encoder is not precompiled for this processor, so in a new PowerShell session it runs unoptimised
    /// (several microseconds a token) for thousands of tokens, where this loop is compiled optimised on first call
    /// (<see cref="HotPath"/>, docs/performance.md).
    /// </remarks>
    internal static class Base64Url
    {
        private static readonly byte[] s_alphabet =
            System.Text.Encoding.ASCII.GetBytes("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

        /// <summary>Encodes <paramref name="source"/> into <paramref name="destination"/> and returns the bytes written.
        /// The destination needs room for <see cref="MaxEncodedLength"/> bytes.</summary>
        [MethodImpl(HotPath.Optimize)]
        public static int Encode(ReadOnlySpan<byte> source, Span<byte> destination)
        {
            if (destination.Length < MaxEncodedLength(source.Length))
            {
                throw new ArgumentException("Base64url encoding needs more room.", nameof(destination));
            }

            byte[] alphabet = s_alphabet;
            int written = 0;
            int whole = source.Length - source.Length % 3;
            for (int i = 0; i < whole; i += 3)
            {
                int group = (source[i] << 16) | (source[i + 1] << 8) | source[i + 2];
                destination[written] = alphabet[group >> 18];
                destination[written + 1] = alphabet[(group >> 12) & 63];
                destination[written + 2] = alphabet[(group >> 6) & 63];
                destination[written + 3] = alphabet[group & 63];
                written += 4;
            }

            switch (source.Length - whole)
            {
                case 1:
                {
                    int group = source[whole] << 16;
                    destination[written] = alphabet[group >> 18];
                    destination[written + 1] = alphabet[(group >> 12) & 63];
                    written += 2;
                    break;
                }
                case 2:
                {
                    int group = (source[whole] << 16) | (source[whole + 1] << 8);
                    destination[written] = alphabet[group >> 18];
                    destination[written + 1] = alphabet[(group >> 12) & 63];
                    destination[written + 2] = alphabet[(group >> 6) & 63];
                    written += 3;
                    break;
                }
            }

            return written;
        }

        /// <summary>Room <see cref="Encode"/> needs for <paramref name="byteCount"/> bytes (the padded length).</summary>
        public static int MaxEncodedLength(int byteCount) => (byteCount + 2) / 3 * 4;
    }
}
