using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using TwilioTokens.Internal;

namespace TwilioTokens.Engine
{
    /// <summary>
    /// HMAC-SHA256 (RFC 2104) over OpenSSL's SHA-256 functions, called directly, on Linux.
    /// </summary>
    /// <remarks>
    /// Why: the platform's HMAC (IncrementalHash, through .NET's OpenSSL shim) took 0.8-0.9 us a token, of which hashing
    /// the 9-10 blocks is about 0.35 us with the processor's SHA instructions; the rest is the cost of each call
    /// (OpenSSL 3's provider dispatch, its error queue cleared before every call, a context freed and made again on
    /// every reset). Hashing a 450-byte payload this way takes about 0.4 us (docs/performance.md).
    /// How: the two padded keys are hashed once, when the key is made, and their SHA-256 states kept; each MAC copies the
    /// inner state, adds the message, finishes, then copies the outer state and adds the inner hash. A run's tokens all
    /// begin with the same 64-byte block (their encoded header), so the inner state after that block is kept too, and
    /// each MAC starts from it when its message begins with that block: one block fewer to hash of nine or ten. Those
    /// states are as secret as the key: they live in native memory of this object's own, never moved by the garbage
    /// collector, and are cleared on Dispose (or by the finalizer, should Dispose be missed), as is the working state
    /// every MAC overwrites and the inner hash, which lives on the stack for one call. The calls for a token's MAC skip
    /// the switch to preemptive mode and back (SuppressGCTransition). Hashing a 526-byte signing input this way takes
    /// about 0.36 us (docs/performance.md).
    /// Where: Linux with libcrypto 3 or 1.1 (the library .NET itself uses there), not in FIPS mode; anywhere else, in
    /// FIPS mode, or if the functions do not answer SHA-256 of "abc" correctly, <see cref="TryCreate"/> returns null
    /// and the platform's HMAC is used.
    /// </remarks>
    internal sealed unsafe class OpenSslHmacSha256 : HmacSha256
    {
        // SHA256_CTX is 112 bytes in every OpenSSL release; room for more costs nothing.
        private const int StateSize = 256;
        private const int BlockSize = 64;

        // A token's signing input is 500-1,000 bytes; hashing 2 KB takes about 1 us with the processor's SHA
        // instructions, a few without them, which is as long as a call that skips the switch to preemptive mode should
        // last (see UpdateShort).
        private const int ShortMessageLimit = 2 * 1024;

        private static readonly Library s_library = FindLibrary();

        private const int StateCount = 4;
        private byte* _states; // inner, outer, work, inner after the first block
        private readonly byte[] _mac = new byte[MacLength];

        // The message block the fourth state has hashed after the inner padded key, and whether there is one. Every
        // token of a run begins with the same block (the first 64 characters of its encoded header), so each MAC starts
        // from that state and hashes one block fewer of its nine or ten. Not secret: it is part of every token.
        private readonly byte[] _firstBlock = new byte[BlockSize];
        private bool _hasFirstBlock;

        private enum Library
        {
            None,
            OpenSsl3,
            OpenSsl11,
        }

        private OpenSslHmacSha256(byte[] key)
        {
            _states = (byte*)Marshal.AllocHGlobal(StateCount * StateSize);
            new Span<byte>(_states, StateCount * StateSize).Clear();
            byte* keyBlock = stackalloc byte[BlockSize];
            byte* pad = stackalloc byte[BlockSize];
            try
            {
                new Span<byte>(keyBlock, BlockSize).Clear();
                if (key.Length > BlockSize)
                {
                    // A key longer than a block is replaced by its hash (RFC 2104).
                    fixed (byte* k = key) Digest(k, key.Length, keyBlock, Work);
                }
                else
                {
                    key.AsSpan().CopyTo(new Span<byte>(keyBlock, BlockSize));
                }

                for (int i = 0; i < BlockSize; i++) pad[i] = (byte)(keyBlock[i] ^ 0x36);
                Check(Init(Inner));
                Check(Update(Inner, pad, BlockSize));
                for (int i = 0; i < BlockSize; i++) pad[i] = (byte)(keyBlock[i] ^ 0x5c);
                Check(Init(Outer));
                Check(Update(Outer, pad, BlockSize));
            }
            finally
            {
                new Span<byte>(keyBlock, BlockSize).Clear();
                new Span<byte>(pad, BlockSize).Clear();
            }
        }

        ~OpenSslHmacSha256()
        {
            Release();
        }

        /// <summary>True where this implementation is used (Linux with a working libcrypto).</summary>
        internal static bool IsAvailable => s_library != Library.None;

        private byte* Inner => _states;

        private byte* Outer => _states + StateSize;

        private byte* Work => _states + 2 * StateSize;

        private byte* AfterFirstBlock => _states + 3 * StateSize;

        /// <summary>A key's HMAC, or null where OpenSSL's SHA-256 cannot be called directly.</summary>
        public static OpenSslHmacSha256 TryCreate(byte[] key) => IsAvailable ? new OpenSslHmacSha256(key) : null;

        public override byte[] Hash(byte[] buffer, int offset, int count)
        {
            if (_states == null) throw new ObjectDisposedException(nameof(OpenSslHmacSha256));
            if ((uint)offset > (uint)buffer.Length || (uint)count > (uint)(buffer.Length - offset))
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            byte* innerHash = stackalloc byte[MacLength];
            try
            {
                fixed (byte* message = buffer)
                {
                    int started = StartInnerHash(message + offset, count);
                    Check(UpdateShort(Work, message + offset + started, count - started));
                }

                Check(FinalShort(innerHash, Work));
                Buffer.MemoryCopy(Outer, Work, StateSize, StateSize);
                Check(UpdateShort(Work, innerHash, MacLength));
                fixed (byte* mac = _mac)
                {
                    Check(FinalShort(mac, Work));
                }
            }
            finally
            {
                new Span<byte>(innerHash, MacLength).Clear();
            }

            return _mac;
        }

        /// <summary>Puts into the working state the inner hash begun on <paramref name="message"/>: the inner padded
        /// key's state, or, when the message begins with the block last seen first, the state after that block too.
        /// Returns how many of the message's bytes that covers.</summary>
        private int StartInnerHash(byte* message, int count)
        {
            if (count < BlockSize)
            {
                Buffer.MemoryCopy(Inner, Work, StateSize, StateSize);
                return 0;
            }

            var block = new ReadOnlySpan<byte>(message, BlockSize);
            if (!_hasFirstBlock || !block.SequenceEqual(_firstBlock))
            {
                _hasFirstBlock = false;
                Buffer.MemoryCopy(Inner, AfterFirstBlock, StateSize, StateSize);
                Check(UpdateShort(AfterFirstBlock, message, BlockSize));
                block.CopyTo(_firstBlock);
                _hasFirstBlock = true;
            }

            Buffer.MemoryCopy(AfterFirstBlock, Work, StateSize, StateSize);
            return BlockSize;
        }

        public override void Dispose()
        {
            Release();
            Array.Clear(_mac, 0, _mac.Length);
            Array.Clear(_firstBlock, 0, _firstBlock.Length);
            _hasFirstBlock = false;
            GC.SuppressFinalize(this);
        }

        private void Release()
        {
            if (_states != null)
            {
                new Span<byte>(_states, StateCount * StateSize).Clear();
                Marshal.FreeHGlobal((IntPtr)_states);
                _states = null;
            }
        }

        private static void Digest(byte* data, int length, byte* digest, byte* state)
        {
            Check(Init(state));
            Check(Update(state, data, length));
            Check(Final(digest, state));
        }

        private static void Check(int result)
        {
            if (result != 1) throw new CryptographicException("OpenSSL's SHA-256 failed.");
        }

        private static Library FindLibrary()
        {
            // In FIPS mode only the validated module's own HMAC is acceptable, so the platform's (through OpenSSL's
            // providers) is used, as before.
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || FipsMode.IsOn)
            {
                return Library.None;
            }

            foreach (Library candidate in new[] { Library.OpenSsl3, Library.OpenSsl11 })
            {
                try
                {
                    if (AnswersAbc(candidate)) return candidate;
                }
                catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException || e is BadImageFormatException)
                {
                    // Not this library: try the next.
                }
            }

            return Library.None;
        }

        /// <summary>True when <paramref name="candidate"/>'s SHA-256 of "abc" is the one FIPS 180-2 gives.</summary>
        private static bool AnswersAbc(Library candidate)
        {
            byte* state = stackalloc byte[StateSize];
            byte* abc = stackalloc byte[] { (byte)'a', (byte)'b', (byte)'c' };
            byte* digest = stackalloc byte[MacLength];
            bool ok = candidate == Library.OpenSsl3
                ? OpenSsl3.SHA256_Init(state) == 1 && OpenSsl3.SHA256_Update(state, abc, (UIntPtr)3) == 1 && OpenSsl3.SHA256_Final(digest, state) == 1
                : OpenSsl11.SHA256_Init(state) == 1 && OpenSsl11.SHA256_Update(state, abc, (UIntPtr)3) == 1 && OpenSsl11.SHA256_Final(digest, state) == 1;
            ReadOnlySpan<byte> expected = new byte[]
            {
                0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
                0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad,
            };
            return ok && expected.SequenceEqual(new ReadOnlySpan<byte>(digest, MacLength));
        }

        private static int Init(byte* state) =>
            s_library == Library.OpenSsl3 ? OpenSsl3.SHA256_Init(state) : OpenSsl11.SHA256_Init(state);

        private static int Update(byte* state, byte* data, int length) =>
            s_library == Library.OpenSsl3
                ? OpenSsl3.SHA256_Update(state, data, (UIntPtr)length)
                : OpenSsl11.SHA256_Update(state, data, (UIntPtr)length);

        private static int Final(byte* digest, byte* state) =>
            s_library == Library.OpenSsl3 ? OpenSsl3.SHA256_Final(digest, state) : OpenSsl11.SHA256_Final(digest, state);

        // A token's MAC: the same functions, called without the switch to preemptive mode and back (about a tenth of
        // a MAC's time), which is safe for a call this short. Longer messages, which would hold up a collection on another
        // thread while they are hashed, go through Update.
        private static int UpdateShort(byte* state, byte* data, int length) =>
            length > ShortMessageLimit ? Update(state, data, length)
            : s_library == Library.OpenSsl3 ? OpenSsl3.UpdateShort(state, data, length) : OpenSsl11.UpdateShort(state, data, length);

        private static int FinalShort(byte* digest, byte* state) =>
            s_library == Library.OpenSsl3 ? OpenSsl3.FinalShort(digest, state) : OpenSsl11.FinalShort(digest, state);

        private static class OpenSsl3
        {
            private const string Name = "libcrypto.so.3";

            [DllImport(Name)] public static extern int SHA256_Init(byte* state);
            [DllImport(Name)] public static extern int SHA256_Update(byte* state, byte* data, UIntPtr length);
            [DllImport(Name)] public static extern int SHA256_Final(byte* digest, byte* state);

            // Not inlined into a caller that names both libraries: the runtime binds these when it compiles the caller.
            [MethodImpl(MethodImplOptions.NoInlining)]
            public static int UpdateShort(byte* state, byte* data, int length) => SHA256_UpdateShort(state, data, (UIntPtr)length);

            [MethodImpl(MethodImplOptions.NoInlining)]
            public static int FinalShort(byte* digest, byte* state) => SHA256_FinalShort(digest, state);

            [DllImport(Name, EntryPoint = "SHA256_Update"), SuppressGCTransition] private static extern int SHA256_UpdateShort(byte* state, byte* data, UIntPtr length);
            [DllImport(Name, EntryPoint = "SHA256_Final"), SuppressGCTransition] private static extern int SHA256_FinalShort(byte* digest, byte* state);
        }

        private static class OpenSsl11
        {
            private const string Name = "libcrypto.so.1.1";

            [DllImport(Name)] public static extern int SHA256_Init(byte* state);
            [DllImport(Name)] public static extern int SHA256_Update(byte* state, byte* data, UIntPtr length);
            [DllImport(Name)] public static extern int SHA256_Final(byte* digest, byte* state);

            // Not inlined into a caller that names both libraries: the runtime binds these when it compiles the caller.
            [MethodImpl(MethodImplOptions.NoInlining)]
            public static int UpdateShort(byte* state, byte* data, int length) => SHA256_UpdateShort(state, data, (UIntPtr)length);

            [MethodImpl(MethodImplOptions.NoInlining)]
            public static int FinalShort(byte* digest, byte* state) => SHA256_FinalShort(digest, state);

            [DllImport(Name, EntryPoint = "SHA256_Update"), SuppressGCTransition] private static extern int SHA256_UpdateShort(byte* state, byte* data, UIntPtr length);
            [DllImport(Name, EntryPoint = "SHA256_Final"), SuppressGCTransition] private static extern int SHA256_FinalShort(byte* digest, byte* state);
        }
    }
}
