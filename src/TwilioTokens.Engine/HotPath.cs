using System.Runtime.CompilerServices;

namespace TwilioTokens.Engine
{
    /// <summary>Marks the code every token passes through so that the JIT compiles it fully optimised on first call.</summary>
    /// <remarks>
    /// With tiered compilation a method starts unoptimised and is recompiled only after it has been called often and
    /// the process has stopped compiling new code for a while, which in a PowerShell session (always compiling script)
    /// took tens of thousands of tokens: a token cost 10-30 µs where the optimised code takes 2-3 (docs/performance.md).
    /// Only the loops over bytes and characters carry it (base64url, the JSON reader and writer, the checks of SIDs and
    /// identities): compiling a method fully optimised costs more than compiling it unoptimised, and in a new session
    /// the decoder's glue (TokenDecoder, the grant readers) cost 4-5 ms of JIT that way against no measurable gain in
    /// decoding throughput, so it is left to tiering. AggressiveOptimization is 512; netstandard2.0 does not name it.
    /// .NET Framework predates the flag and is not expected to act on it (not verified: Windows PowerShell 5.1 is not on
    /// these machines).
    /// <para>The engine precompiled for linux-x64 (ReadyToRun, built with PRECOMPILED; see PrivateLoadContextLoader) carries
    /// none: its code is already optimised when loaded, and crossgen2 leaves AggressiveOptimization methods to the JIT,
    /// which would compile them again in every new session.</para>
    /// </remarks>
    internal static class HotPath
    {
#if PRECOMPILED
        public const MethodImplOptions Optimize = 0;
#else
        public const MethodImplOptions Optimize = (MethodImplOptions)512;
#endif
    }
}
