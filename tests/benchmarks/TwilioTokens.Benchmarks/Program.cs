using System;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// A short job in this process unless the command line names a job (for example --job Default): on a 2-core machine
// shared with builds, a full job with a generated project per benchmark takes minutes and measures little more.
// Ten warm-ups rather than ShortRun's three: with three the engine's median moved between 2.5 and 2.9 µs from run to
// run, against 2.0 µs for the same call measured after ten (MintPartsBenchmarks, docs/performance.md). In-process,
// benchmarks run one after another share the collector's state: build.ps1 -Task Bench starts one process per
// benchmark of MintBenchmarks for that reason.
IConfig config = DefaultConfig.Instance.AddExporter(JsonExporter.Full);
if (!args.Any(a => a.Equals("--job", StringComparison.OrdinalIgnoreCase) || a.Equals("-j", StringComparison.OrdinalIgnoreCase)))
{
    config = config.AddJob(Job.ShortRun.WithWarmupCount(10).WithIterationCount(9).WithToolchain(InProcessEmitToolchain.Instance));
}

BenchmarkSwitcher.FromAssembly(typeof(TwilioTokens.Benchmarks.MintBenchmarks).Assembly).Run(args, config);
