using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using TwilioTokens.Internal;
using System.Runtime.CompilerServices;

namespace TwilioTokens.Engine
{
    /// <summary>
    /// Reads a JSON object into the shapes the root assembly reads: <see cref="JsonObject"/>s (ordinal names), object[]
    /// arrays, strings, booleans, longs, doubles. One pass with Utf8JsonReader; each object's entries are gathered in
    /// a pooled buffer first so that its JsonObject is created at its final size; names and values that recur in every
    /// Twilio token are returned as shared instances instead of new strings.
    /// </summary>
    internal static class JsonValues
    {
        // Immutable once built: safe to share between runspaces. Only names and fixed values, never token content.
        private static readonly string[] s_common =
        {
            "alg", "typ", "cty", "twr", "kid", "HS256", "JWT", "twilio-fpa;v=1",
            "jti", "iss", "sub", "iat", "nbf", "exp", "grants", "identity",
            "voice", "incoming", "allow", "outgoing", "application_sid", "params", "push_credential_sid", "endpoint_id",
            "video", "room", "chat", "service_sid", "deployment_role_sid", "data_sync", "task_router", "workspace_sid",
            "worker_sid", "role", "player", "grant",
        };

        // Booleans boxed once: a boxed bool cannot change, and every grant's "allow": true would box another.
        private static readonly object s_true = true;
        private static readonly object s_false = false;

        private static readonly byte[][] s_commonUtf8 = Array.ConvertAll(s_common, Encoding.UTF8.GetBytes);

        // s_byLength[n]: the indexes in s_common of the names n bytes long, so that a string is compared with few.
        private static readonly int[][] s_byLength = IndexByLength();

        /// <summary>The object <paramref name="json"/> holds, or null when it is valid JSON but not an object.</summary>
        /// <exception cref="JsonException">Not valid JSON.</exception>
        /// <exception cref="InvalidOperationException">A string is not valid UTF-8.</exception>
        [MethodImpl(HotPath.Optimize)]
        public static JsonObject ReadObject(ReadOnlySpan<byte> json)
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read())
            {
                throw new JsonException("No JSON value.");
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                // Read the rest so that invalid JSON is still told apart from valid JSON of another kind.
                reader.Skip();
                reader.Read();
                return null;
            }

            var entries = new EntryStack();
            try
            {
                JsonObject map = ReadMap(ref reader, entries);
                reader.Read(); // Throws on anything after the object.
                return map;
            }
            finally
            {
                entries.Release();
            }
        }

        [MethodImpl(HotPath.Optimize)]
        private static object ReadValue(ref Utf8JsonReader reader, EntryStack entries)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    return ReadMap(ref reader, entries);
                case JsonTokenType.StartArray:
                    return ReadArray(ref reader, entries);
                case JsonTokenType.String:
                    return ReadString(ref reader);
                case JsonTokenType.Number:
                    return reader.TryGetInt64(out long whole) ? (object)whole : reader.GetDouble();
                case JsonTokenType.True:
                    return s_true;
                case JsonTokenType.False:
                    return s_false;
                default:
                    return null;
            }
        }

        [MethodImpl(HotPath.Optimize)]
        private static JsonObject ReadMap(ref Utf8JsonReader reader, EntryStack entries)
        {
            // This object's entries go on top of the stack, above those of the objects it is nested in.
            int first = entries.Count;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = ReadString(ref reader);
                reader.Read();
                entries.Push(name, ReadValue(ref reader, entries));
            }

            // A repeated name keeps its first place and its last value (JsonObject), as before.
            var map = new JsonObject(entries.Items, first, entries.Count - first);
            entries.PopTo(first);
            return map;
        }

        [MethodImpl(HotPath.Optimize)]
        private static object[] ReadArray(ref Utf8JsonReader reader, EntryStack entries)
        {
            var items = new List<object>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                items.Add(ReadValue(ref reader, entries));
            }

            return items.ToArray();
        }

        [MethodImpl(HotPath.Optimize)]
        private static string ReadString(ref Utf8JsonReader reader)
        {
            if (!reader.ValueIsEscaped && !reader.HasValueSequence && reader.ValueSpan.Length < s_byLength.Length)
            {
                ReadOnlySpan<byte> text = reader.ValueSpan;
                foreach (int i in s_byLength[text.Length])
                {
                    if (SameBytes(text, s_commonUtf8[i]))
                    {
                        return s_common[i];
                    }
                }
            }

            return reader.GetString();
        }

        /// <summary>Compared here rather than with SequenceEqual: the runtime's ran instrumented (slow) code for
        /// thousands of tokens in a new session, and these names are a few bytes long (docs/performance.md).</summary>
        [MethodImpl(HotPath.Optimize)]
        private static bool SameBytes(ReadOnlySpan<byte> text, byte[] name)
        {
            for (int i = 0; i < name.Length; i++)
            {
                if (text[i] != name[i]) return false;
            }

            return true;
        }

        private static int[][] IndexByLength()
        {
            int longest = 0;
            foreach (byte[] name in s_commonUtf8) longest = Math.Max(longest, name.Length);
            var lists = new List<int>[longest + 1];
            for (int n = 0; n <= longest; n++) lists[n] = new List<int>();
            for (int i = 0; i < s_commonUtf8.Length; i++) lists[s_commonUtf8[i].Length].Add(i);
            return Array.ConvertAll(lists, list => list.ToArray());
        }

        /// <summary>The entries of the objects being read, innermost on top, in one pooled array per document.</summary>
        private sealed class EntryStack
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

            public void Release() => ArrayPool<KeyValuePair<string, object>>.Shared.Return(Items, clearArray: true);
        }
    }
}
