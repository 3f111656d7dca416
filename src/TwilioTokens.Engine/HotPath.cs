using System.Runtime.CompilerServices;

namespace TwilioTokens.Engine
{
    /// <summary>Marks the code every token passes through so that the JIT compiles it fully optimised on first call.</summary>
    /// <remarks>
    /// With tiered compilation a method starts unoptimised and is recompiled only after it has been called often and
    /// the process has stopped compiling new code for a while, which in a PowerShell session (always compiling script)
    /// can take tens of thousands of tokens: a token then cost 12-20 µs where the optimised code takes 3
    /// (docs/performance.md). PowerShell's own assemblies and the framework are precompiled and do not pay this.
    /// AggressiveOptimization is 512; netstandard2.0 does not name it, and .NET Framework ignores the flag.
    /// </remarks>
    internal static class HotPath
    {
        public const MethodImplOptions Optimize = (MethodImplOptions)512;
    }
}
