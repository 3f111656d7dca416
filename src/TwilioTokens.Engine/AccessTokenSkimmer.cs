using System;
using System.Buffers;
using System.Runtime.CompilerServices;
using TwilioTokens.Internal;

namespace TwilioTokens.Engine
{
    /// <summary>
    /// Reads the tokens of a run that are in the shape every minter writes without building their JSON objects
    /// (<see cref="SkimmedToken"/>): the header is the one the run has seen (compared as text), the registered claims
    /// are plain strings and whole seconds, and <c>grants</c> starts with the identity and continues with the same
    /// bytes as the grants remembered (compared as bytes). Such a token is read exactly as the full path reads it,
    /// because every byte it does not read itself was read by the full path before, in the same place. Anything else
    /// (another shape, escapes, whitespace, a repeated or unknown claim, a malformed token) is left to the full path,
    /// which is what reports errors: this never throws on input.
    /// </summary>
    /// <remarks>
    /// ConvertFrom-TwilioAccessToken spent most of its own time per token building the payload's objects (four
    /// JsonObjects and their arrays, the id and the grants) and reading the grants again, for a decoded token that keeps
    /// none of them (docs/performance.md). TokenSkimTests compares the two paths on minted tokens and on mutated ones.
    /// </remarks>
    internal static unsafe class AccessTokenSkimmer
    {
        // HS256's MAC is 32 bytes: 43 base64url characters. Any other length is the full path's to judge.
        private const int SignatureCharacters = 43;

        // The latest second TokenDecoder accepts (the end of 9999), and its twelve digits: a time beyond it, or written
        // any other way (a sign, a fraction, an exponent), is the full path's, which refuses it or reads it as a double.
        private const long LatestSecond = 253402300799;
        private const int MaxSecondDigits = 12;

        // The payload's members read here, one bit each; any other member sends the token to the full path.
        private const int Jti = 1, Iss = 2, Sub = 4, Iat = 8, Nbf = 16, Exp = 32, Grants = 64;

        // `{"identity":` as it opens grants, and `"identity"`, which must not appear among the grants after it (JSON
        // keeps a repeated name's last value, which would not be the identity read here).
        private static readonly byte[] s_grantsOpening = System.Text.Encoding.ASCII.GetBytes("{\"identity\":");
        private static readonly byte[] s_identityName = System.Text.Encoding.ASCII.GetBytes("\"identity\"");

        // Where an unverified run's MACs are checked as base64url and dropped: one per thread, never handed out.
        [ThreadStatic]
        private static byte[] t_unusedSignature;

        [MethodImpl(HotPath.Optimize)]
        public static SkimStatus Skim(string token, RepeatedValues repeated, bool withSignature, out SkimmedToken skimmed)
        {
            skimmed = default;
            if (repeated == null || !CompactJwtParser.TryFindDots(token, out int firstDot, out int secondDot) ||
                token.Length - secondDot - 1 != SignatureCharacters)
            {
                return SkimStatus.NotRead;
            }

            JsonObject header = repeated.FindHeader(token, firstDot);
            if (header == null)
            {
                return SkimStatus.NotRead;
            }

            byte[] signature = withSignature ? new byte[TokenMac.Length] : t_unusedSignature ?? (t_unusedSignature = new byte[TokenMac.Length]);
            if (Base64Url.TryDecode(token, secondDot + 1, SignatureCharacters, signature, out _) != TokenMac.Length)
            {
                return SkimStatus.NotRead;
            }

            int payloadCharacters = secondDot - firstDot - 1;
            byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(Base64Url.DecodedLength(payloadCharacters), 1));
            try
            {
                int length = Base64Url.TryDecode(token, firstDot + 1, payloadCharacters, buffer, out _);
                if (length < 0)
                {
                    return SkimStatus.NotRead;
                }

                skimmed.Header = header;
                skimmed.SigningInputLength = secondDot;
                skimmed.Signature = withSignature ? signature : null;
                fixed (byte* start = buffer)
                {
                    return ReadPayload(start, start + length, repeated, ref skimmed);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        [MethodImpl(HotPath.Optimize)]
        private static SkimStatus ReadPayload(byte* at, byte* end, RepeatedValues repeated, ref SkimmedToken skimmed)
        {
            if (at == end || *at++ != (byte)'{')
            {
                return SkimStatus.NotRead;
            }

            int seen = 0;
            SkimStatus status = SkimStatus.NotRead;
            while (true)
            {
                if (!TryReadPlainString(ref at, end, out byte* name, out int nameLength) || at == end || *at++ != (byte)':')
                {
                    return SkimStatus.NotRead;
                }

                int member = Member(name, nameLength);
                if (member == 0 || (seen & member) != 0)
                {
                    return SkimStatus.NotRead;
                }

                seen |= member;
                bool read;
                switch (member)
                {
                    case Jti:
                        read = TryReadPlainString(ref at, end, out _, out _); // its value is read again when Id is asked for
                        break;
                    case Iss:
                        read = TryReadString(ref at, end, repeated, out skimmed.ApiKeySid);
                        break;
                    case Sub:
                        read = TryReadString(ref at, end, repeated, out skimmed.AccountSid);
                        break;
                    case Iat:
                        read = TryReadSecond(ref at, end, out skimmed.IssuedAt);
                        break;
                    case Nbf:
                        read = TryReadSecond(ref at, end, out skimmed.NotBefore);
                        break;
                    case Exp:
                        read = TryReadSecond(ref at, end, out skimmed.ExpiresAt);
                        break;
                    default:
                        status = ReadGrants(ref at, end, repeated, ref skimmed);
                        read = status != SkimStatus.NotRead;
                        break;
                }

                if (!read || at == end)
                {
                    return SkimStatus.NotRead;
                }

                byte separator = *at++;
                if (separator == (byte)'}')
                {
                    break;
                }

                if (separator != (byte)',')
                {
                    return SkimStatus.NotRead;
                }
            }

            // Unknown grants are only offered (GrantsUnknown) for a payload read to its end: one grants member, no other.
            return at == end ? status : SkimStatus.NotRead;
        }

        /// <summary>The member a name is, or 0.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int Member(byte* name, int length)
        {
            if (length == 3)
            {
                switch (name[0] | (name[1] << 8) | (name[2] << 16))
                {
                    case 'j' | ('t' << 8) | ('i' << 16): return Jti;
                    case 'i' | ('s' << 8) | ('s' << 16): return Iss;
                    case 's' | ('u' << 8) | ('b' << 16): return Sub;
                    case 'i' | ('a' << 8) | ('t' << 16): return Iat;
                    case 'n' | ('b' << 8) | ('f' << 16): return Nbf;
                    case 'e' | ('x' << 8) | ('p' << 16): return Exp;
                }

                return 0;
            }

            return length == 6 && name[0] == 'g' && name[1] == 'r' && name[2] == 'a' && name[3] == 'n' && name[4] == 't' && name[5] == 's'
                ? Grants
                : 0;
        }

        /// <summary><c>grants</c> from its '{' to just past its '}': the identity first, then the grants remembered (Read)
        /// or others (GrantsUnknown, with their bytes in <see cref="SkimmedToken.GrantsTail"/>, not yet validated: the
        /// full path reads them next).</summary>
        [MethodImpl(HotPath.Optimize)]
        private static SkimStatus ReadGrants(ref byte* at, byte* end, RepeatedValues repeated, ref SkimmedToken skimmed)
        {
            if (!StartsWith(at, end, s_grantsOpening))
            {
                return SkimStatus.NotRead;
            }

            at += s_grantsOpening.Length;
            if (!TryReadPlainString(ref at, end, out byte* identity, out int identityLength))
            {
                return SkimStatus.NotRead;
            }

            skimmed.Identity = CompactJsonReader.AsciiString(identity, identityLength);
            byte[] known = repeated.GrantsTail;
            if (known != null && StartsWith(at, end, known))
            {
                at += known.Length;
                return SkimStatus.Read;
            }

            byte* closing = FindClosingBrace(at, end);
            if (closing == null)
            {
                return SkimStatus.NotRead;
            }

            var tail = new byte[closing + 1 - at];
            new ReadOnlySpan<byte>(at, tail.Length).CopyTo(tail);
            if (new ReadOnlySpan<byte>(tail).IndexOf(s_identityName) >= 0)
            {
                return SkimStatus.NotRead;
            }

            skimmed.GrantsTail = tail;
            at = closing + 1;
            return SkimStatus.GrantsUnknown;
        }

        /// <summary>The brace that closes the object <paramref name="at"/> is inside, for text the full path then reads
        /// (and so validates): brackets are counted outside strings. A backslash gives null: an escaped quote would end a
        /// string here early. (Such an early end is also refused by the strict reading of what follows, which takes no
        /// backslash either; this makes the tail's end plainly right rather than right by that argument.)</summary>
        [MethodImpl(HotPath.Optimize)]
        private static byte* FindClosingBrace(byte* at, byte* end)
        {
            int depth = 1;
            for (; at < end; at++)
            {
                switch (*at)
                {
                    case (byte)'"':
                        for (at++; at < end && *at != (byte)'"'; at++)
                        {
                            if (*at == (byte)'\\') return null;
                        }

                        break;
                    case (byte)'{':
                    case (byte)'[':
                        depth++;
                        break;
                    case (byte)']':
                        depth--;
                        break;
                    case (byte)'}':
                        if (--depth == 0) return at;
                        break;
                }
            }

            return null;
        }

        /// <summary>A string of printable ASCII without escapes, from its opening quote to just past its closing one:
        /// where its characters start and how many there are.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool TryReadPlainString(ref byte* at, byte* end, out byte* start, out int length)
        {
            start = null;
            length = 0;
            if (at == end || *at != (byte)'"')
            {
                return false;
            }

            at++;
            return CompactJsonReader.TryScanString(ref at, end, out start, out length);
        }

        /// <summary>A plain string as a string: a SID as the one the run already holds, as the full path shares it.</summary>
        [MethodImpl(HotPath.Optimize)]
        private static bool TryReadString(ref byte* at, byte* end, RepeatedValues repeated, out string text)
        {
            text = null;
            if (!TryReadPlainString(ref at, end, out byte* start, out int length))
            {
                return false;
            }

            text = length == RepeatedValues.SidLength ? CompactJsonReader.Repeated(start, repeated) : CompactJsonReader.AsciiString(start, length);
            return true;
        }

        /// <summary>Whole seconds: digits without a sign or a leading zero (but 0 itself), at most the end of 9999.</summary>
        [MethodImpl(HotPath.Optimize)]
        private static bool TryReadSecond(ref byte* at, byte* end, out long? seconds)
        {
            seconds = null;
            if (!CompactJsonReader.TryScanDigits(ref at, end, MaxSecondDigits, out long value))
            {
                return false;
            }

            if (value > LatestSecond)
            {
                return false;
            }

            seconds = value;
            return true;
        }

        [MethodImpl(HotPath.Optimize)]
        private static bool StartsWith(byte* at, byte* end, byte[] expected)
        {
            return end - at >= expected.Length && new ReadOnlySpan<byte>(at, expected.Length).SequenceEqual(expected);
        }
    }
}
