using System;
using System.IO;
using System.Reflection;

namespace TwilioTokens.Internal.Loading
{
    /// <summary>
    /// Windows PowerShell 5.1 (.NET Framework): one AppDomain, no load contexts to isolate with. The engine loads with
    /// Assembly.LoadFrom; its references to our dependencies resolve from dependencies/ through AppDomain.AssemblyResolve,
    /// whatever version they ask for (there are no binding redirects for a module). Strong-named assemblies of another
    /// version that another module loaded stay distinct identities, so they do not collide with ours.
    /// </summary>
    /// <remarks>Not exercised on this project's CI, which has no Windows PowerShell; kept deliberately minimal.</remarks>
    internal sealed class AppDomainLoader : DependencyLoader
    {
        private readonly object _gate = new object();
        private bool _hooked;

        public AppDomainLoader(string dependencyFolder)
            : base(dependencyFolder)
        {
        }

        public override void Hook()
        {
            lock (_gate)
            {
                if (!_hooked)
                {
                    AppDomain.CurrentDomain.AssemblyResolve += OnAssemblyResolve;
                    _hooked = true;
                }
            }
        }

        public override void Unhook()
        {
            lock (_gate)
            {
                if (_hooked)
                {
                    AppDomain.CurrentDomain.AssemblyResolve -= OnAssemblyResolve;
                    _hooked = false;
                }
            }
        }

        public override Assembly LoadEngine(string engineAssemblyName) =>
            Assembly.LoadFrom(Path.Combine(DependencyFolder, engineAssemblyName + ".dll"));

        /// <summary>Answers only for our own assemblies; every other request is left to other handlers.</summary>
        private Assembly OnAssemblyResolve(object sender, ResolveEventArgs args)
        {
            var name = new AssemblyName(args.Name);
            if (IsRootAssembly(name))
            {
                return RootAssembly;
            }

            // Only requests made by our own assemblies (or with no requester) are ours to answer, so that another
            // module asking for, say, System.Memory never gets our copy.
            Assembly requester = args.RequestingAssembly;
            if (requester != null && requester != RootAssembly && !IsInDependencyFolder(requester))
            {
                return null;
            }

            string path = FindDependency(name);
            return path == null ? null : Assembly.LoadFrom(path);
        }

        private bool IsInDependencyFolder(Assembly assembly)
        {
            // Dynamic and byte-loaded assemblies have no location (and .NET Framework's GetDirectoryName throws on "").
            string location = assembly.IsDynamic ? null : assembly.Location;
            return !string.IsNullOrEmpty(location) &&
                   string.Equals(Path.GetDirectoryName(location), DependencyFolder, StringComparison.OrdinalIgnoreCase);
        }
    }
}
