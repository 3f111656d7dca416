using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text;
using TwilioTokens.Internal;

namespace TwilioTokens.Engine
{
    /// <summary>
    /// Reads the JSON that access-token minters write (twilio-csharp, the other helper libraries and this module all
    /// write it the same way: printable ASCII strings without escapes, integers, true/false/null, objects and arrays)
    /// in one pass over the bytes, into the same values <see cref="JsonValues"/> gives. On anything else, valid JSON or
    /// not, it gives up and the caller reads the text with Utf8JsonReader, which stays the one judge of validity: what
    /// this reader accepts is a subset of valid JSON, so an invalid text is always refused by the general path.
    /// </summary>
    /// <remarks>
    /// Reading the payload with Utf8JsonReader was 45% of ConvertFrom-TwilioAccessToken's own time per token in a warmed
    /// session (perf samples, docs/performance.md): its generality (escapes, every number form, UTF-8 validation,
    /// segmented input) is paid on every token although minted tokens use none of it. This reader takes 655-679 ns for a
    /// Voice token's payload against 793-806 ns (BenchmarkDotNet). CompactJsonReaderTests compares the two readers on
    /// minted payloads, on hand-written edge cases and on thousands of mutated texts.
    /// </remarks>
    internal static unsafe class CompactJsonReader
    {
        // Deeper documents are left to the general reader, whose own limit (64) then applies.
        private const int MaxDepth = 32;

        // The longest integer read here: 18 digits cannot overflow a long; longer ones go to the general reader.
        private const int MaxIntegerDigits = 18;

        /// <summary>Reads <paramref name="json"/> when it is a single object within the subset.</summary>
        /// <returns>False when the text is outside the subset (or not valid JSON): <paramref name="entries"/> may then
        /// hold partial entries.</returns>
        [MethodImpl(HotPath.Optimize)]
        public static bool TryReadObject(ReadOnlySpan<byte> json, JsonEntryStack entries, RepeatedValues repeated, out JsonObject result)
        {
            result = null;
            fixed (byte* start = json)
            {
                byte* at = start;
                byte* end = start + json.Length;
                SkipWhitespace(ref at, end);
                if (at == end || *at != (byte)'{')
                {
                    return false;
                }

                at++;
                if (!TryReadMap(ref at, end, entries, repeated, 1, out JsonObject map))
                {
                    return false;
                }

                SkipWhitespace(ref at, end);
                if (at != end)
                {
                    return false;
                }

                result = map;
                return true;
            }
        }

        /// <summary>An object's members, from just after its '{' to just after its '}'.</summary>
        [MethodImpl(HotPath.Optimize)]
        private static bool TryReadMap(ref byte* at, byte* end, JsonEntryStack entries, RepeatedValues repeated, int depth, out JsonObject map)
        {
            map = null;
            int first = entries.Count;
            if (!TryReadClosing(ref at, end, (byte)'}'))
            {
                while (true)
                {
                    SkipWhitespace(ref at, end);
                    if (at == end || *at != (byte)'"')
                    {
                        return false;
                    }

                    at++;
                    if (!TryReadString(ref at, end, null, out string name))
                    {
                        return false;
                    }

                    SkipWhitespace(ref at, end);
                    if (at == end || *at != (byte)':')
                    {
                        return false;
                    }

                    at++;
                    SkipWhitespace(ref at, end);
                    if (!TryReadValue(ref at, end, entries, repeated, depth, out object value))
                    {
                        return false;
                    }

                    entries.Push(name, value);
                    if (!TryReadSeparator(ref at, end, (byte)'}', out bool closed))
                    {
                        return false;
                    }

                    if (closed)
                    {
                        break;
                    }
                }
            }

            // A repeated name keeps its first place and its last value, as on the general path (JsonObject does it).
            map = new JsonObject(entries.Items, first, entries.Count - first);
            entries.PopTo(first);
            return true;
        }

        /// <summary>An array's items, from just after its '[' to just after its ']'.</summary>
        [MethodImpl(HotPath.Optimize)]
        private static bool TryReadArray(ref byte* at, byte* end, JsonEntryStack entries, RepeatedValues repeated, int depth, out object[] items)
        {
            items = null;
            var list = new List<object>();
            if (!TryReadClosing(ref at, end, (byte)']'))
            {
                while (true)
                {
                    SkipWhitespace(ref at, end);
                    if (!TryReadValue(ref at, end, entries, repeated, depth, out object value))
                    {
                        return false;
                    }

                    list.Add(value);
                    if (!TryReadSeparator(ref at, end, (byte)']', out bool closed))
                    {
                        return false;
                    }

                    if (closed)
                    {
                        break;
                    }
                }
            }

            items = list.ToArray(); // as the general path makes it
            return true;
        }

        /// <summary>Just after an opening bracket: true, past it, when the container is empty (its closing bracket comes
        /// next, whitespace aside). Inlined into its two callers, which are compiled optimised (HotPath).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool TryReadClosing(ref byte* at, byte* end, byte closing)
        {
            SkipWhitespace(ref at, end);
            if (at < end && *at == closing)
            {
                at++;
                return true;
            }

            return false;
        }

        /// <summary>After a member or an item: a comma, or the closing bracket (then <paramref name="closed"/>).</summary>
        [MethodImpl(HotPath.Optimize)]
        private static bool TryReadSeparator(ref byte* at, byte* end, byte closing, out bool closed)
        {
            SkipWhitespace(ref at, end);
            closed = false;
            if (at == end)
            {
                return false;
            }

            byte c = *at++;
            closed = c == closing;
            return closed || c == (byte)',';
        }

        /// <summary>One value starting at <paramref name="at"/> (whitespace already skipped).</summary>
        [MethodImpl(HotPath.Optimize)]
        private static bool TryReadValue(ref byte* at, byte* end, JsonEntryStack entries, RepeatedValues repeated, int depth, out object value)
        {
            value = null;
            if (at == end)
            {
                return false;
            }

            switch (*at)
            {
                case (byte)'"':
                    at++;
                    bool isString = TryReadString(ref at, end, repeated, out string text);
                    value = text;
                    return isString;
                case (byte)'{':
                    if (depth >= MaxDepth) return false;
                    at++;
                    bool isMap = TryReadMap(ref at, end, entries, repeated, depth + 1, out JsonObject map);
                    value = map;
                    return isMap;
                case (byte)'[':
                    if (depth >= MaxDepth) return false;
                    at++;
                    bool isArray = TryReadArray(ref at, end, entries, repeated, depth + 1, out object[] items);
                    value = items;
                    return isArray;
                case (byte)'t':
                    value = JsonValues.True;
                    return TryReadLiteral(ref at, end, "true");
                case (byte)'f':
                    value = JsonValues.False;
                    return TryReadLiteral(ref at, end, "false");
                case (byte)'n':
                    return TryReadLiteral(ref at, end, "null");
                default:
                    return TryReadInteger(ref at, end, repeated, out value);
            }
        }

        /// <summary>A string's characters, from just after its opening quote to just after its closing one: printable
        /// ASCII only, no escapes.</summary>
        [MethodImpl(HotPath.Optimize)]
        private static bool TryReadString(ref byte* at, byte* end, RepeatedValues repeated, out string text)
        {
            text = null;
            if (!TryScanString(ref at, end, out byte* start, out int length))
            {
                return false;
            }

            text = length == RepeatedValues.SidLength && repeated != null
                ? Repeated(start, repeated)
                : JsonValues.FindShared(new ReadOnlySpan<byte>(start, length)) ?? AsciiString(start, length);
            return true;
        }

        /// <summary>Past a string of printable ASCII without escapes, from just after its opening quote to just after its
        /// closing one: where its characters start and how many there are. False on any other byte (the string is then
        /// the general reader's), with <paramref name="at"/> somewhere inside it. Inlined into its callers (this reader's
        /// and AccessTokenSkimmer's), which are compiled optimised (HotPath): it runs for every string of every token.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static bool TryScanString(ref byte* at, byte* end, out byte* start, out int length)
        {
            start = at;
            length = 0;
            // Eight bytes at a time while none of them ends the fast path (SpecialIn); the byte loop below then finds
            // the quote, or the byte that sends the string to the general reader.
            while (end - at >= sizeof(ulong) && !SpecialIn(*(ulong*)at))
            {
                at += sizeof(ulong);
            }

            while (true)
            {
                if (at == end)
                {
                    return false;
                }

                byte c = *at;
                if (c == (byte)'"')
                {
                    break;
                }

                // Controls are invalid JSON, '\\' starts an escape, 0x7F and above need UTF-8 decoding: all general.
                if (c < 0x20 || c > 0x7E || c == (byte)'\\')
                {
                    return false;
                }

                at++;
            }

            length = (int)(at - start);
            at++; // the closing quote
            return true;
        }

        private const ulong EachByte = 0x0101010101010101UL;
        private const ulong HighBits = 0x8080808080808080UL;

        /// <summary>Whether any of the eight bytes is one the string loop stops at: the quote, a backslash, a control
        /// (below 0x20), or 0x7F and above. May answer true for a clean word (a carry between bytes), never false for
        /// one that is not: the byte loop decides.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool SpecialIn(ulong word)
        {
            ulong control = (word - 0x20 * EachByte) & ~word;        // a byte below 0x20 borrows into its high bit
            ulong nonAscii = (word + 0x01 * EachByte) | word;        // 0x7F becomes 0x80; 0x80 and above have it already
            ulong quote = word ^ ((byte)'"' * EachByte);
            ulong backslash = word ^ ((byte)'\\' * EachByte);
            ulong zeroed = ((quote - EachByte) & ~quote) | ((backslash - EachByte) & ~backslash); // a zero byte: a match
            return ((control | nonAscii | zeroed) & HighBits) != 0;
        }

        /// <summary>The SID <paramref name="ascii"/> spells, as the string <paramref name="repeated"/> already holds
        /// when it holds one.</summary>
        [MethodImpl(HotPath.Optimize)]
        internal static string Repeated(byte* ascii, RepeatedValues repeated)
        {
            for (int slot = 0; slot < repeated.Capacity; slot++)
            {
                string known = repeated[slot];
                if (known != null && SameAscii(ascii, known))
                {
                    return known;
                }
            }

            string sid = AsciiString(ascii, RepeatedValues.SidLength);
            repeated.Remember(sid);
            return sid;
        }

        [MethodImpl(HotPath.Optimize)]
        private static bool SameAscii(byte* ascii, string text)
        {
            // Twilio's SIDs differ in their two-letter prefix or their last hex digits more often than in the middle,
            // but they are short: a plain loop from the start.
            for (int i = 0; i < text.Length; i++)
            {
                if (ascii[i] != text[i]) return false;
            }

            return true;
        }

        /// <summary>The string of printable ASCII bytes (checked by the caller): the runtime's widening, which is
        /// vectorised, instead of a loop into a stack buffer and a copy.</summary>
        [MethodImpl(HotPath.Optimize)]
        internal static string AsciiString(byte* ascii, int length) => length == 0 ? string.Empty : Encoding.ASCII.GetString(ascii, length);

        /// <summary>An optional '-' and up to 18 digits without a leading zero, as a long. A fraction or exponent
        /// stops at the separator check that follows and the text goes to the general reader, which makes a double.</summary>
        [MethodImpl(HotPath.Optimize)]
        private static bool TryReadInteger(ref byte* at, byte* end, RepeatedValues repeated, out object value)
        {
            value = null;
            bool negative = *at == (byte)'-';
            if (negative)
            {
                at++;
            }

            if (!TryScanDigits(ref at, end, MaxIntegerDigits, out long magnitude))
            {
                return false;
            }

            long whole = negative ? -magnitude : magnitude;
            value = repeated != null ? repeated.Box(whole) : whole;
            return true;
        }

        /// <summary>Past the digits of a JSON integer without its sign: one or more, no leading zero (a "0" alone is
        /// read, and "01" then fails the caller's separator check), at most <paramref name="maxDigits"/>. Inlined into
        /// its callers (this reader's and AccessTokenSkimmer's), which are compiled optimised (HotPath).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static bool TryScanDigits(ref byte* at, byte* end, int maxDigits, out long magnitude)
        {
            magnitude = 0;
            if (at == end || *at < (byte)'0' || *at > (byte)'9')
            {
                return false;
            }

            if (*at == (byte)'0')
            {
                at++;
                return true;
            }

            byte* first = at;
            while (at < end && *at >= (byte)'0' && *at <= (byte)'9')
            {
                if (at - first == maxDigits)
                {
                    return false;
                }

                magnitude = magnitude * 10 + (*at - (byte)'0');
                at++;
            }

            return true;
        }

        [MethodImpl(HotPath.Optimize)]
        private static bool TryReadLiteral(ref byte* at, byte* end, string literal)
        {
            if (end - at < literal.Length)
            {
                return false;
            }

            for (int i = 0; i < literal.Length; i++)
            {
                if (at[i] != literal[i])
                {
                    return false;
                }
            }

            at += literal.Length;
            return true;
        }

        /// <summary>Inlined, and out at once on a byte above the space: compact JSON, as every token has, has no
        /// whitespace, and a call per structural character was 5% of reading a payload.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void SkipWhitespace(ref byte* at, byte* end)
        {
            while (at < end && *at <= (byte)' ' && (*at == (byte)' ' || *at == (byte)'\n' || *at == (byte)'\r' || *at == (byte)'\t'))
            {
                at++;
            }
        }
    }
}
