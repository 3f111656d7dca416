using System;
using System.IO;
using System.Reflection;
using System.Threading;

namespace TwilioTokens.Internal
{
    /// <summary>
    /// Finds the engine assembly in dependencies/ beside the root assembly and creates it once, on first use, so that
    /// Import-Module loads nothing it does not need.
    /// </summary>
    internal static class EngineHost
    {
        public const string EngineAssemblyName = "TwilioTokens.Engine";
        private const string EngineTypeName = "TwilioTokens.Engine.TokenEngine";

        private static readonly Lazy<ITokenEngine> s_engine =
            new Lazy<ITokenEngine>(CreateEngine, LazyThreadSafetyMode.ExecutionAndPublication);

        public static ITokenEngine Engine => s_engine.Value;

        /// <summary>dependencies/ beside the root assembly: where the engine and its third-party assemblies live.</summary>
        public static string DependencyFolder =>
            Path.Combine(Path.GetDirectoryName(typeof(EngineHost).Assembly.Location), "dependencies");

        private static ITokenEngine CreateEngine()
        {
            string path = Path.Combine(DependencyFolder, EngineAssemblyName + ".dll");
            Assembly engineAssembly = Assembly.LoadFrom(path);
            Type engineType = engineAssembly.GetType(EngineTypeName, throwOnError: true);
            return (ITokenEngine)Activator.CreateInstance(engineType);
        }
    }
}
