using System;
using System.IO;
using System.Reflection;

namespace TwilioTokens.Internal.Loading
{
    /// <summary>
    /// Loads the engine from dependencies/ so that its third-party assemblies can never collide with another module's
    /// copies. Each runtime has its own way (a private AssemblyLoadContext on PowerShell 7, AssemblyResolve on Windows
    /// PowerShell 5.1); both answer only for assemblies that are ours, by simple name.
    /// </summary>
    internal abstract class DependencyLoader
    {
        private const string LoadContextTypeName = "System.Runtime.Loader.AssemblyLoadContext";

        protected DependencyLoader(string dependencyFolder)
        {
            DependencyFolder = dependencyFolder;
        }

        /// <summary>Where the engine and its third-party assemblies live.</summary>
        public string DependencyFolder { get; }

        /// <summary>The assembly PowerShell loaded as the RootModule. The engine references it for the seam's types,
        /// so every request for it must get this very copy, never a second one.</summary>
        protected static Assembly RootAssembly => typeof(DependencyLoader).Assembly;

        /// <summary>The loader for the runtime this process runs on. Cheap: nothing is loaded until <see cref="LoadEngine"/>.</summary>
        public static DependencyLoader ForCurrentRuntime(string dependencyFolder)
        {
            // AssemblyLoadContext lives in the core library on .NET (Core) and does not exist on .NET Framework; asking
            // the core library, rather than Type.GetType by assembly name, cannot trigger a probe for a missing file.
            Type loadContextType = typeof(object).Assembly.GetType(LoadContextTypeName, throwOnError: false);
            return loadContextType != null
                ? new PrivateLoadContextLoader(dependencyFolder, loadContextType)
                : (DependencyLoader)new AppDomainLoader(dependencyFolder);
        }

        /// <summary>Starts answering the runtime's requests for our dependencies. Called on Import-Module.</summary>
        public abstract void Hook();

        /// <summary>Stops answering them. Called when the last importer removes the module.</summary>
        public abstract void Unhook();

        /// <summary>Loads the engine assembly, isolated from every other module's dependencies.</summary>
        public abstract Assembly LoadEngine(string engineAssemblyName);

        /// <summary>The path of <paramref name="name"/> in dependencies/, or null when it is not one of ours.</summary>
        protected string FindDependency(AssemblyName name)
        {
            if (string.IsNullOrEmpty(name.Name) || name.Name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
            {
                return null;
            }

            string path = Path.Combine(DependencyFolder, name.Name + ".dll");
            return File.Exists(path) ? path : null;
        }

        protected static bool IsRootAssembly(AssemblyName name) =>
            string.Equals(name.Name, RootAssembly.GetName().Name, StringComparison.OrdinalIgnoreCase);
    }
}
