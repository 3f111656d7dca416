using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using TwilioTokens.Internal;

namespace TwilioTokens.Engine
{
    /// <summary>
    /// Writes claim values as compact JSON into one reused byte buffer, byte for byte as IdentityModel's
    /// System.Text.Json writer does: the common case (printable ASCII, non-negative integers, booleans, string-keyed
    /// dictionaries, lists) by hand, and every string that needs escaping or is not ASCII through a Utf8JsonWriter with
    /// IdentityModel's own encoder, so escaping is never decided here.
    /// </summary>
    /// <remarks>
    /// Why by hand: Utf8JsonWriter checks each string with the runtime's vectorised search, which is not precompiled for
    /// this processor and runs unoptimised for thousands of tokens in a new PowerShell session; this code is compiled
    /// optimised on first call (<see cref="HotPath"/>). Not thread-safe: one per <see cref="CompactJwsWriter"/>.
    /// </remarks>
    internal sealed class ClaimJsonWriter
    {
        /// <summary>What IdentityModel's writers use; its encoder decides how non-ASCII text and quotes are escaped on
        /// the wire. Made on the first string that needs escaping, which most sessions never write: building the
        /// encoder's tables is part of what a new session's first token would otherwise pay for.</summary>
        internal static JsonWriterOptions IdentityModelOptions => EscapingOptions.Value;

        private static class EscapingOptions
        {
            internal static readonly JsonWriterOptions Value = new JsonWriterOptions
            {
                Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
                SkipValidation = true,
            };
        }

        private byte[] _buffer = new byte[1024];
        private GrowableBuffer _escaped;
        private Utf8JsonWriter _escapingWriter;

        public byte[] Buffer => _buffer;

        public int Length { get; private set; }

        public void Clear() => Length = 0;

        /// <summary>Appends <paramref name="value"/>; false (and the buffer is then undefined) when it holds a value this
        /// writer leaves to JsonWebTokenHandler: anything but strings, booleans, 32- and 64-bit integers, string-keyed
        /// dictionaries and lists of those.</summary>
        public bool TryWriteValue(object value)
        {
            switch (value)
            {
                case string text:
                    WriteString(text);
                    return true;
                case bool flag:
                    WriteAscii(flag ? "true" : "false");
                    return true;
                case long whole:
                    WriteInteger(whole);
                    return true;
                case int small:
                    WriteInteger(small);
                    return true;
                case IDictionary<string, object> map:
                {
                    WriteByte((byte)'{');
                    if (!TryWriteMembers(map)) return false;
                    WriteByte((byte)'}');
                    return true;
                }
                case IList<object> list:
                {
                    WriteByte((byte)'[');
                    for (int i = 0; i < list.Count; i++)
                    {
                        if (i > 0) WriteByte((byte)',');
                        if (!TryWriteValue(list[i])) return false;
                    }

                    WriteByte((byte)']');
                    return true;
                }
                default:
                    return false;
            }
        }

        /// <summary>Appends <paramref name="members"/> as <c>"name":value</c> pairs separated by commas, without braces;
        /// false (the buffer then undefined) when a name is null or a value is one this writer leaves to
        /// JsonWebTokenHandler. Serves nested objects and the grants' members alike. Minting writes them once per grant
        /// set, not per token (only <see cref="ISigningKey.CreateToken"/>, which no cmdlet calls, writes dictionaries
        /// per token), so the interface's enumerator it allocates for a Dictionary costs nothing that matters.</summary>
        public bool TryWriteMembers(IEnumerable<KeyValuePair<string, object>> members)
        {
            bool first = true;
            foreach (KeyValuePair<string, object> entry in members)
            {
                if (entry.Key == null) return false;
                if (!first) WriteByte((byte)',');
                first = false;
                WriteString(entry.Key);
                WriteByte((byte)':');
                if (!TryWriteValue(entry.Value)) return false;
            }

            return true;
        }

        /// <summary>A JSON string: printable ASCII other than '"' and '\' is copied; anything else goes through
        /// Utf8JsonWriter.</summary>
        [MethodImpl(HotPath.Optimize)]
        public unsafe void WriteString(string text)
        {
            Reserve(text.Length + 2);
            int start = Length;
            fixed (byte* buffer = _buffer)
            {
                byte* to = buffer + start;
                *to++ = (byte)'"';
                if (!TryCopyPlain(text, ref to))
                {
                    WriteEscapedString(text, start);
                    return;
                }

                *to++ = (byte)'"';
                Length = (int)(to - buffer);
            }
        }

        /// <summary>The 32 hex digits of a token id's two numbers, most significant first, without quotes: the jti's
        /// part after <c>"SK…-</c>, which <see cref="AccessTokenText"/> keeps ready for a run's tokens.</summary>
        [MethodImpl(HotPath.Optimize)]
        public unsafe void WriteHexDigits(ulong high, ulong low)
        {
            Reserve(TokenId.HexDigits);
            fixed (byte* buffer = _buffer)
            {
                byte* to = buffer + Length;
                for (int i = 0; i < 16; i++)
                {
                    to[i] = (byte)TokenId.HexDigit(high, i);
                    to[16 + i] = (byte)TokenId.HexDigit(low, i);
                }
            }

            Length += TokenId.HexDigits;
        }

        /// <summary>An opening quote and <paramref name="text"/>, without the closing quote, when the text is written as
        /// it is (printable ASCII other than '"' and '\'); false, with nothing written, otherwise.</summary>
        public unsafe bool TryWritePlainStringStart(string text)
        {
            Reserve(text.Length + 1);
            fixed (byte* buffer = _buffer)
            {
                byte* to = buffer + Length;
                *to++ = (byte)'"';
                if (!TryCopyPlain(text, ref to))
                {
                    return false;
                }

                Length = (int)(to - buffer);
                return true;
            }
        }

        /// <summary>A copy of what has been written.</summary>
        public byte[] ToArray() => ToArray(0, Length);

        /// <summary>A copy of <c>Buffer[start..start+count)</c>.</summary>
        public byte[] ToArray(int start, int count)
        {
            var copy = new byte[count];
            System.Buffer.BlockCopy(_buffer, start, copy, 0, count);
            return copy;
        }

        /// <summary>Copies <paramref name="text"/> to <paramref name="to"/> as ASCII bytes when every character is
        /// printable ASCII other than '"' and '\' (what JSON writes as it is); false at the first one that is not.</summary>
        [MethodImpl(HotPath.Optimize)]
        private static unsafe bool TryCopyPlain(string text, ref byte* to)
        {
            fixed (char* chars = text)
            {
                for (int i = 0; i < text.Length; i++)
                {
                    char c = chars[i];
                    if (c < 0x20 || c > 0x7E || c == '"' || c == '\\')
                    {
                        return false;
                    }

                    *to++ = (byte)c;
                }
            }

            return true;
        }

        /// <summary>The string again from <paramref name="start"/>, escaped and encoded by System.Text.Json.</summary>
        private void WriteEscapedString(string text, int start)
        {
            Length = start;
            if (_escapingWriter == null)
            {
                _escaped = new GrowableBuffer(256);
                _escapingWriter = new Utf8JsonWriter(_escaped, IdentityModelOptions);
            }

            _escaped.Clear();
            _escapingWriter.Reset(_escaped);
            _escapingWriter.WriteStringValue(text);
            _escapingWriter.Flush();
            Reserve(_escaped.Count);
            System.Buffer.BlockCopy(_escaped.Buffer, 0, _buffer, Length, _escaped.Count);
            Length += _escaped.Count;
        }

        [MethodImpl(HotPath.Optimize)]
        public void WriteInteger(long value)
        {
            if (value < 0)
            {
                // Rare in claims, and long.MinValue has no positive counterpart: the invariant culture's text is JSON's.
                WriteAscii(value.ToString(CultureInfo.InvariantCulture));
                return;
            }

            Reserve(20);
            // Counted by comparison and written two digits per division: a token's iat and exp have ten digits each,
            // which took twenty divisions to count and ten more to write.
            int digits = 1;
            while (digits < s_powersOfTen.Length && value >= s_powersOfTen[digits]) digits++;
            int at = Length + digits;
            Length = at;
            byte[] buffer = _buffer;
            while (value >= 10)
            {
                long rest = value / 100;
                int pair = (int)(value - rest * 100) * 2;
                buffer[--at] = s_digitPairs[pair + 1];
                buffer[--at] = s_digitPairs[pair];
                value = rest;
            }

            if (at > Length - digits)
            {
                buffer[--at] = (byte)('0' + (int)value);
            }
        }

        // 10^0 .. 10^18: a non-negative long has at most 19 digits.
        private static readonly long[] s_powersOfTen = BuildPowersOfTen();

        // "00", "01", ... "99" as ASCII bytes, two per number.
        private static readonly byte[] s_digitPairs = BuildDigitPairs();

        private static long[] BuildPowersOfTen()
        {
            var powers = new long[19];
            powers[0] = 1;
            for (int i = 1; i < powers.Length; i++) powers[i] = powers[i - 1] * 10;
            return powers;
        }

        private static byte[] BuildDigitPairs()
        {
            var pairs = new byte[200];
            for (int i = 0; i < 100; i++)
            {
                pairs[2 * i] = (byte)('0' + i / 10);
                pairs[2 * i + 1] = (byte)('0' + i % 10);
            }

            return pairs;
        }

        /// <summary>Text known to be JSON already (literals), copied as it is.</summary>
        private void WriteAscii(string text)
        {
            Reserve(text.Length);
            foreach (char c in text) _buffer[Length++] = (byte)c;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void WriteByte(byte value)
        {
            if (Length == _buffer.Length) Reserve(1);
            _buffer[Length++] = value;
        }

        /// <summary>Bytes known to be JSON already, copied as they are.</summary>
        public void WriteRaw(byte[] bytes) => WriteRaw(bytes, 0, bytes.Length);

        /// <summary><c>bytes[offset..offset+count)</c>, known to be JSON already (or part of it), copied as they are.</summary>
        [MethodImpl(HotPath.Optimize)]
        public void WriteRaw(byte[] bytes, int offset, int count)
        {
            Reserve(count);
            if (count < 32)
            {
                // The payload's fixed parts are a few bytes: a loop costs less than a call to copy them.
                byte[] buffer = _buffer;
                int at = Length;
                for (int i = 0; i < count; i++) buffer[at + i] = bytes[offset + i];
                Length = at + count;
                return;
            }

            System.Buffer.BlockCopy(bytes, offset, _buffer, Length, count);
            Length += count;
        }

        private void Reserve(int count)
        {
            if (_buffer.Length - Length < count)
            {
                Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + count));
            }
        }
    }
}
