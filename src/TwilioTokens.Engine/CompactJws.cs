using System;
using TwilioTokens.Internal;

namespace TwilioTokens.Engine
{
    /// <summary>Lays out a compact JWS in one byte buffer: encoded header, '.', base64url payload, '.', base64url MAC.
    /// Signing a token and writing its text again (<see cref="AccessTokenText"/>) go through these same lines, so the
    /// text written again is the text that was signed.</summary>
    internal static class CompactJws
    {
        public const int MacLength = TokenMac.Length;

        /// <summary>The length of a token with this encoded header and a payload of <paramref name="payloadLength"/> bytes.</summary>
        public static int TokenLength(int headerLength, int payloadLength) =>
            headerLength + 1 + Base64Url.EncodedLength(payloadLength) + 1 + Base64Url.EncodedLength(MacLength);

        /// <summary>Makes <paramref name="buffer"/> at least <paramref name="length"/> bytes long (2 KB at least, so that
        /// a run's tokens rarely need a larger one), keeping it when it already is.</summary>
        public static void EnsureLength(ref byte[] buffer, int length)
        {
            if (buffer == null || buffer.Length < length)
            {
                buffer = new byte[Math.Max(length, 2048)];
            }
        }

        /// <summary>Writes the signing input (encoded header, '.', encoded payload) at the start of <paramref name="token"/>
        /// and returns its length.</summary>
        public static int WriteSigningInput(byte[] encodedHeader, ClaimJsonWriter payload, byte[] token)
        {
            int length = WriteHeader(encodedHeader, token);
            length += Base64Url.Encode(new ReadOnlySpan<byte>(payload.Buffer, 0, payload.Length),
                new Span<byte>(token, length, token.Length - length));
            return length;
        }

        /// <summary>Writes the encoded header and '.' at the start of <paramref name="token"/>; returns where the payload
        /// goes.</summary>
        public static int WriteHeader(byte[] encodedHeader, byte[] token)
        {
            Buffer.BlockCopy(encodedHeader, 0, token, 0, encodedHeader.Length);
            token[encodedHeader.Length] = (byte)'.';
            return encodedHeader.Length + 1;
        }

        /// <summary>Writes '.' and the encoded MAC (<c>mac[macOffset..macOffset+32)</c>) at <paramref name="signingLength"/>,
        /// where the signing input ends, and returns the token's length.</summary>
        public static int WriteSignature(byte[] mac, int macOffset, byte[] token, int signingLength)
        {
            token[signingLength] = (byte)'.';
            int encodedLength = Base64Url.EncodedLength(MacLength);
            Base64Url.Encode(new ReadOnlySpan<byte>(mac, macOffset, MacLength), new Span<byte>(token, signingLength + 1, encodedLength));
            return signingLength + 1 + encodedLength;
        }
    }
}
