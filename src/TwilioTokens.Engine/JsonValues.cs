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
    /// arrays, strings, booleans, longs, doubles. The JSON token minters write is read by <see cref="CompactJsonReader"/>;
    /// whatever it gives up on is read here in one pass with Utf8JsonReader, which is the definition of what is valid.
    /// Each object's entries are gathered in a pooled buffer first so that its JsonObject is created at its final size;
    /// names and values that recur in every Twilio token are returned as shared instances instead of new strings.
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
        internal static readonly object True = true;
        internal static readonly object False = false;

        private static readonly byte[][] s_commonUtf8 = Array.ConvertAll(s_common, Encoding.UTF8.GetBytes);

        // s_byLength[n]: the indexes in s_common of the names n bytes long, so that a string is compared with few.
        private static readonly int[][] s_byLength = IndexByLength();

        // s_prefixesByLength[n][k]: the first eight bytes (or fewer) of the name s_byLength[n][k] as one number, so that
        // a candidate is ruled out by one comparison: twelve of the names are three bytes long.
        private static readonly ulong[][] s_prefixesByLength = Array.ConvertAll(s_byLength,
            indexes => Array.ConvertAll(indexes, i => Prefix(s_commonUtf8[i])));

        /// <summary>The object <paramref name="json"/> holds, or null when it is valid JSON but not an object.</summary>
        /// <exception cref="JsonException">Not valid JSON.</exception>
        /// <exception cref="InvalidOperationException">A string is not valid UTF-8.</exception>
        /// <param name="repeated">What to share with what was read before (SIDs, integers), or null.</param>
        [MethodImpl(HotPath.Optimize)]
        public static JsonObject ReadObject(ReadOnlySpan<byte> json, RepeatedValues repeated = null)
        {
            var entries = new JsonEntryStack();
            try
            {
                if (CompactJsonReader.TryReadObject(json, entries, repeated, out JsonObject compact))
                {
                    return compact;
                }

                entries.PopTo(0);
                return ReadWithUtf8JsonReader(json, entries);
            }
            finally
            {
                entries.Release();
            }
        }

        /// <summary>What <see cref="ReadObject"/> gives without <see cref="CompactJsonReader"/>: the definition the
        /// compact reader is tested against.</summary>
        internal static JsonObject ReadWithUtf8JsonReader(ReadOnlySpan<byte> json)
        {
            var entries = new JsonEntryStack();
            try
            {
                return ReadWithUtf8JsonReader(json, entries);
            }
            finally
            {
                entries.Release();
            }
        }

        [MethodImpl(HotPath.Optimize)]
        private static JsonObject ReadWithUtf8JsonReader(ReadOnlySpan<byte> json, JsonEntryStack entries)
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

            JsonObject map = ReadMap(ref reader, entries);
            reader.Read(); // Throws on anything after the object.
            return map;
        }

        [MethodImpl(HotPath.Optimize)]
        private static object ReadValue(ref Utf8JsonReader reader, JsonEntryStack entries)
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
                    return True;
                case JsonTokenType.False:
                    return False;
                default:
                    return null;
            }
        }

        [MethodImpl(HotPath.Optimize)]
        private static JsonObject ReadMap(ref Utf8JsonReader reader, JsonEntryStack entries)
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
        private static object[] ReadArray(ref Utf8JsonReader reader, JsonEntryStack entries)
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
            if (!reader.ValueIsEscaped && !reader.HasValueSequence)
            {
                string shared = FindShared(reader.ValueSpan);
                if (shared != null)
                {
                    return shared;
                }
            }

            return reader.GetString();
        }

        /// <summary>The shared instance of one of Twilio's common names or fixed values spelt by <paramref name="utf8"/>
        /// (unescaped), or null.</summary>
        [MethodImpl(HotPath.Optimize)]
        internal static string FindShared(ReadOnlySpan<byte> utf8)
        {
            if (utf8.Length >= s_byLength.Length)
            {
                return null;
            }

            int[] candidates = s_byLength[utf8.Length];
            if (candidates.Length == 0)
            {
                return null;
            }

            ulong prefix = Prefix(utf8);
            ulong[] prefixes = s_prefixesByLength[utf8.Length];
            for (int k = 0; k < candidates.Length; k++)
            {
                // Names of up to eight bytes are whole in their prefix; longer ones are compared in full.
                if (prefixes[k] == prefix && (utf8.Length <= sizeof(ulong) || SameBytes(utf8, s_commonUtf8[candidates[k]])))
                {
                    return s_common[candidates[k]];
                }
            }

            return null;
        }

        [MethodImpl(HotPath.Optimize)]
        private static ulong Prefix(ReadOnlySpan<byte> utf8)
        {
            ulong prefix = 0;
            int count = Math.Min(utf8.Length, sizeof(ulong));
            for (int i = 0; i < count; i++)
            {
                prefix |= (ulong)utf8[i] << (8 * i);
            }

            return prefix;
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
    }
}
