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
        /// The destination needs room for <see cref="EncodedLength"/> bytes, and nothing past them is written.</summary>
        [MethodImpl(HotPath.Optimize)]
        public static unsafe int Encode(ReadOnlySpan<byte> source, Span<byte> destination)
        {
            if (destination.Length < EncodedLength(source.Length))
            {
                throw new ArgumentException("Base64url encoding needs more room.", nameof(destination));
            }

            int whole = source.Length - source.Length % 3;
            fixed (byte* alphabet = s_alphabet)
            fixed (ushort* pairs = s_pairs)
            fixed (byte* input = source)
            fixed (byte* output = destination)
            {
                byte* to = output;
                for (int i = 0; i < whole; i += 3)
                {
                    // Two characters per lookup: each half of the 24-bit group is 12 bits, two base64 digits.
                    int group = (input[i] << 16) | (input[i + 1] << 8) | input[i + 2];
                    *(ushort*)to = pairs[group >> 12];
                    *(ushort*)(to + 2) = pairs[group & 0xFFF];
                    to += 4;
                }

                switch (source.Length - whole)
                {
                    case 1:
                    {
                        int group = input[whole] << 16;
                        to[0] = alphabet[group >> 18];
                        to[1] = alphabet[(group >> 12) & 63];
                        to += 2;
                        break;
                    }
                    case 2:
                    {
                        int group = (input[whole] << 16) | (input[whole + 1] << 8);
                        to[0] = alphabet[group >> 18];
                        to[1] = alphabet[(group >> 12) & 63];
                        to[2] = alphabet[(group >> 6) & 63];
                        to += 3;
                        break;
                    }
                }

                return (int)(to - output);
            }
        }

        // s_pairs[v]: the two characters of the 12-bit value v, as the bytes of a ushort stored in memory order.
        private static readonly ushort[] s_pairs = BuildPairs();

        private static ushort[] BuildPairs()
        {
            var pairs = new ushort[4096];
            for (int v = 0; v < pairs.Length; v++)
            {
                byte first = s_alphabet[v >> 6], second = s_alphabet[v & 63];
                pairs[v] = BitConverter.IsLittleEndian ? (ushort)(first | (second << 8)) : (ushort)((first << 8) | second);
            }

            return pairs;
        }

        /// <summary>The characters <see cref="Encode"/> writes for <paramref name="byteCount"/> bytes: four for every three,
        /// and two or three for the one or two left over (no padding).</summary>
        public static int EncodedLength(int byteCount) => (byteCount * 4 + 2) / 3;

        // The value of each ASCII character in the base64url alphabet, -1 for every other character.
        private static readonly sbyte[] s_values = BuildValues();

        /// <summary>The bytes <paramref name="charCount"/> characters of unpadded base64url decode to: the room
        /// <see cref="TryDecode"/> needs.</summary>
        public static int DecodedLength(int charCount) => charCount / 4 * 3 + Math.Max(charCount % 4 - 1, 0);

        /// <summary>Decodes unpadded base64url from <c>text[start..start+length)</c> into <paramref name="destination"/>.
        /// As lenient as Convert.FromBase64String about the unused bits of the last character, as before.</summary>
        /// <returns>The bytes written, or -1 with <paramref name="invalidAt"/> the index in <paramref name="text"/> of
        /// the first character outside the alphabet (or -1 when the length is what cannot be decoded).</returns>
        [MethodImpl(HotPath.Optimize)]
        public static unsafe int TryDecode(string text, int start, int length, byte[] destination, out int invalidAt)
        {
            if ((uint)start > (uint)text.Length || (uint)length > (uint)(text.Length - start))
            {
                throw new ArgumentOutOfRangeException(nameof(length));
            }

            if (destination.Length < DecodedLength(length))
            {
                throw new ArgumentException("Base64url decoding needs more room.", nameof(destination));
            }

            invalidAt = -1;
            int rest = length % 4;
            fixed (sbyte* values = s_values)
            fixed (char* chars = text)
            fixed (byte* output = destination)
            {
                char* from = chars + start;
                char* wholeEnd = from + (length - rest);
                byte* to = output;
                for (; from < wholeEnd; from += 4)
                {
                    char c0 = from[0], c1 = from[1], c2 = from[2], c3 = from[3];
                    if ((c0 | c1 | c2 | c3) >= 128) break;
                    // The sign extension is the point: a -1 (not in the alphabet) anywhere makes the group negative.
#pragma warning disable CS0675
                    int group = (values[c0] << 18) | (values[c1] << 12) | (values[c2] << 6) | values[c3];
#pragma warning restore CS0675
                    if (group < 0) break;
                    to[0] = (byte)(group >> 16);
                    to[1] = (byte)(group >> 8);
                    to[2] = (byte)group;
                    to += 3;
                }

                // The tail after the whole groups, or from the group the loop stopped at up to the end: the first
                // character outside the alphabet is found here.
                char* end = chars + start + length;
                int tail = 0;
                for (char* c = from; c < end; c++)
                {
                    int value = *c < 128 ? values[*c] : -1;
                    if (value < 0)
                    {
                        invalidAt = (int)(c - chars);
                        return -1;
                    }

                    tail = (tail << 6) | value;
                }

                if (from < wholeEnd)
                {
                    return -1; // not reached: the loop stops only at a group the scan above refuses
                }

                switch (rest)
                {
                    case 1:
                        return -1; // one character alone carries only 6 bits: no base64 text ends so
                    case 2:
                        *to++ = (byte)(tail >> 4);
                        break;
                    case 3:
                        to[0] = (byte)(tail >> 10);
                        to[1] = (byte)(tail >> 2);
                        to += 2;
                        break;
                }

                return (int)(to - output);
            }
        }

        private static sbyte[] BuildValues()
        {
            var values = new sbyte[128];
            for (int c = 0; c < values.Length; c++) values[c] = -1;
            for (int v = 0; v < s_alphabet.Length; v++) values[s_alphabet[v]] = (sbyte)v;
            return values;
        }
    }
}
