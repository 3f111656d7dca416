using System;
using System.Buffers;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace TwilioTokens.Engine
{
    /// <summary>The entries of the JSON objects being read, innermost on top, in one pooled array per document: each
    /// object's <see cref="Internal.JsonObject"/> is then created at its final size.</summary>
    internal sealed class JsonEntryStack
    {
        public KeyValuePair<string, object>[] Items = ArrayPool<KeyValuePair<string, object>>.Shared.Rent(32);
        public int Count;

        [MethodImpl(HotPath.Optimize)]
        public void Push(string name, object value)
        {
            if (Count == Items.Length)
            {
                KeyValuePair<string, object>[] larger = ArrayPool<KeyValuePair<string, object>>.Shared.Rent(Count * 2);
                Array.Copy(Items, larger, Count);
                ArrayPool<KeyValuePair<string, object>>.Shared.Return(Items, clearArray: true);
                Items = larger;
            }

            Items[Count++] = new KeyValuePair<string, object>(name, value);
        }

        [MethodImpl(HotPath.Optimize)]
        public void PopTo(int count)
        {
            Array.Clear(Items, count, Count - count);
            Count = count;
        }

        // Every slot ever filled lies below Count and is cleared when popped (PopTo), so an empty stack's array holds no
        // token content and goes back as it is; one left with entries (a read that threw) is cleared first.
        public void Release() => ArrayPool<KeyValuePair<string, object>>.Shared.Return(Items, clearArray: Count > 0);
    }
}
