using System;
using System.Buffers;

namespace TwilioTokens.Engine
{
    /// <summary>An IBufferWriter over one byte array that grows and is reused: the payload of every token of a run is
    /// written into the same memory.</summary>
    internal sealed class GrowableBuffer : IBufferWriter<byte>
    {
        public GrowableBuffer(int initialCapacity)
        {
            Buffer = new byte[initialCapacity];
        }

        public byte[] Buffer { get; private set; }

        public int Count { get; private set; }

        public void Clear() => Count = 0;

        public void Advance(int count) => Count += count;

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Reserve(sizeHint);
            return new Memory<byte>(Buffer, Count, Buffer.Length - Count);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Reserve(sizeHint);
            return new Span<byte>(Buffer, Count, Buffer.Length - Count);
        }

        private void Reserve(int sizeHint)
        {
            int needed = Math.Max(sizeHint, 1);
            if (Buffer.Length - Count < needed)
            {
                byte[] larger = new byte[Math.Max(Buffer.Length * 2, Count + needed)];
                System.Buffer.BlockCopy(Buffer, 0, larger, 0, Count);
                Buffer = larger;
            }
        }
    }
}
