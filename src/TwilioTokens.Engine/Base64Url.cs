using System;
using System.Buffers;
using System.Buffers.Text;

namespace TwilioTokens.Engine
{
    /// <summary>Base64url without padding (RFC 7515 §2), written as ASCII bytes so that the signing input can be
    /// signed where it is built.</summary>
    internal static class Base64Url
    {
        /// <summary>Encodes <paramref name="source"/> into <paramref name="destination"/> and returns the bytes written.
        /// The destination needs room for the padded form (<c>4 * ceil(n / 3)</c>); the padding is dropped.</summary>
        public static int Encode(ReadOnlySpan<byte> source, Span<byte> destination)
        {
            // Base64.EncodeToUtf8 is the runtime's vectorised encoder on .NET; rewriting two characters after it is
            // cheaper than a scalar base64url encoder.
            OperationStatus status = Base64.EncodeToUtf8(source, destination, out _, out int written);
            if (status != OperationStatus.Done)
            {
                throw new InvalidOperationException("Base64 encoding ran out of room: " + status);
            }

            while (written > 0 && destination[written - 1] == (byte)'=')
            {
                written--;
            }

            Span<byte> encoded = destination.Slice(0, written);
            for (int i = 0; i < encoded.Length; i++)
            {
                byte b = encoded[i];
                if (b == (byte)'+') encoded[i] = (byte)'-';
                else if (b == (byte)'/') encoded[i] = (byte)'_';
            }

            return written;
        }

        /// <summary>Room <see cref="Encode"/> needs for <paramref name="byteCount"/> bytes.</summary>
        public static int MaxEncodedLength(int byteCount) => Base64.GetMaxEncodedToUtf8Length(byteCount);
    }
}
