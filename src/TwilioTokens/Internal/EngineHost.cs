using System;
using System.IO;
using System.Reflection;
using System.Threading;
using TwilioTokens.Internal.Loading;

namespace TwilioTokens.Internal
{
    /// <summary>
    /// The one engine of the process, created on first use so that Import-Module loads nothing it does not need, and
    /// the dependency hook that the module's import and removal switch on and off.
    /// </summary>
    /// <remarks>
    /// Process-wide on purpose: PowerShell loads TwilioTokens.dll once per process, and every runspace that imports the
    /// module shares these statics. The engine is stateless (each cmdlet run gets its own <see cref="ISigningKey"/>), so
    /// sharing it is safe; the import count is guarded by a lock.
    /// </remarks>
    internal static class EngineHost
    {
        public const string EngineAssemblyName = "TwilioTokens.Engine";
        private const string EngineTypeName = "TwilioTokens.Engine.TokenEngine";

        private static readonly object s_importGate = new object();
        private static int s_importCount;

        private static readonly Lazy<DependencyLoader> s_loader =
            new Lazy<DependencyLoader>(() => DependencyLoader.ForCurrentRuntime(DependencyFolder), LazyThreadSafetyMode.ExecutionAndPublication);

        private static readonly Lazy<ITokenEngine> s_engine =
            new Lazy<ITokenEngine>(CreateEngine, LazyThreadSafetyMode.ExecutionAndPublication);

        public static ITokenEngine Engine => s_engine.Value;

        /// <summary>dependencies/ beside the root assembly: where the engine and its third-party assemblies live.</summary>
        public static string DependencyFolder =>
            Path.Combine(Path.GetDirectoryName(typeof(EngineHost).Assembly.Location), "dependencies");

        /// <summary>Called for every import into any runspace: the first one hooks dependency resolution.</summary>
        public static void OnModuleImported()
        {
            lock (s_importGate)
            {
                if (s_importCount++ == 0)
                {
                    s_loader.Value.Hook();
                }
            }
        }

        /// <summary>Called for every removal: the last one unhooks, so that a runspace removing the module never pulls
        /// the hook from under another that still uses it.</summary>
        public static void OnModuleRemoved()
        {
            lock (s_importGate)
            {
                if (s_importCount > 0 && --s_importCount == 0)
                {
                    s_loader.Value.Unhook();
                }
            }
        }

        private static ITokenEngine CreateEngine()
        {
            Assembly engineAssembly = s_loader.Value.LoadEngine(EngineAssemblyName);
            Type engineType = engineAssembly.GetType(EngineTypeName, throwOnError: true);
            return (ITokenEngine)Activator.CreateInstance(engineType, nonPublic: true);
        }
    }
}
