using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;

namespace TwilioTokens.Internal.Loading
{
    /// <summary>
    /// PowerShell 7: the engine and its third-party assemblies load into one private AssemblyLoadContext, so another
    /// module's Microsoft.IdentityModel.* (of any version, loaded before or after us) is never ours and ours is never
    /// theirs. The root assembly targets netstandard2.0, which has no AssemblyLoadContext, so the type is reached by
    /// reflection.
    /// </summary>
    /// <remarks>
    /// How a reference from the engine resolves inside the private context (the runtime's order):
    /// 1. assemblies already loaded into the context: the private dependencies, preloaded before the engine;
    /// 2. the default context: TwilioTokens.dll (the seam's types must be the ones PowerShell loaded) and what the
    ///    platform provides (System.Text.Json, System.Memory, Microsoft.Bcl.AsyncInterfaces...), shared with PowerShell
    ///    because the runtime's copy is at least as new as ours;
    /// 3. the Resolving event, here: a platform assembly older than the one we ship (an older PowerShell 7 runtime)
    ///    loads from dependencies/ into the private context; the root assembly maps to PowerShell's copy.
    /// Preloading (1) matters: without it, a same-or-newer Microsoft.IdentityModel.* that another module put in the
    /// default context would win at step 2 and be shared with it.
    /// </remarks>
    internal sealed class PrivateLoadContextLoader : DependencyLoader
    {
        private const string LoadContextName = "TwilioTokens";

        private readonly Type _loadContextType;
        private readonly object _gate = new object();
        private object _loadContext;
        private Func<string, Assembly> _loadFromPath;
        private EventInfo _resolvingEvent;
        private Delegate _resolvingHandler;
        private bool _hooked;
        private bool _handlerAttached;

        public PrivateLoadContextLoader(string dependencyFolder, Type loadContextType)
            : base(dependencyFolder)
        {
            _loadContextType = loadContextType;
        }

        public override void Hook()
        {
            lock (_gate)
            {
                _hooked = true;
                SyncHandler();
            }
        }

        public override void Unhook()
        {
            lock (_gate)
            {
                _hooked = false;
                SyncHandler();
            }
        }

        public override Assembly LoadEngine(string engineAssemblyName)
        {
            lock (_gate)
            {
                if (_loadContext == null)
                {
                    CreateLoadContext();
                    SyncHandler();
                    foreach (string path in PrivateDependencies(engineAssemblyName))
                    {
                        _loadFromPath(path);
                    }
                }

                return _loadFromPath(Path.Combine(DependencyFolder, engineAssemblyName + ".dll"));
            }
        }

        private void CreateLoadContext()
        {
            ConstructorInfo constructor = _loadContextType.GetConstructor(new[] { typeof(string), typeof(bool) })
                ?? throw new PlatformNotSupportedException("AssemblyLoadContext(string, bool) is missing from this runtime.");
            // Not collectible: the engine lives as long as the process, as the root assembly does.
            object context = constructor.Invoke(new object[] { LoadContextName, false });

            MethodInfo loadFromPath = _loadContextType.GetMethod("LoadFromAssemblyPath", new[] { typeof(string) });
            _loadFromPath = (Func<string, Assembly>)Delegate.CreateDelegate(typeof(Func<string, Assembly>), context, loadFromPath);

            // Resolving is Func<AssemblyLoadContext, AssemblyName, Assembly>; OnResolving takes object for the context
            // (delegate contravariance), which is how netstandard2.0 code can subscribe without naming the type.
            _resolvingEvent = _loadContextType.GetEvent("Resolving");
            MethodInfo onResolving = typeof(PrivateLoadContextLoader).GetMethod(nameof(OnResolving), BindingFlags.Instance | BindingFlags.NonPublic);
            _resolvingHandler = Delegate.CreateDelegate(_resolvingEvent.EventHandlerType, this, onResolving);
            _loadContext = context;
        }

        /// <summary>Attaches or detaches the Resolving handler so that it matches <see cref="_hooked"/>.</summary>
        private void SyncHandler()
        {
            if (_loadContext == null || _hooked == _handlerAttached)
            {
                return;
            }

            if (_hooked)
            {
                _resolvingEvent.AddEventHandler(_loadContext, _resolvingHandler);
            }
            else
            {
                _resolvingEvent.RemoveEventHandler(_loadContext, _resolvingHandler);
            }

            _handlerAttached = _hooked;
        }

        private Assembly OnResolving(object loadContext, AssemblyName name)
        {
            if (IsRootAssembly(name))
            {
                return RootAssembly;
            }

            string path = FindDependency(name);
            return path == null ? null : _loadFromPath(path);
        }

        /// <summary>The files in dependencies/ that the platform does not provide: they must load privately. The
        /// engine itself is loaded last, by the caller.</summary>
        private IEnumerable<string> PrivateDependencies(string engineAssemblyName)
        {
            HashSet<string> platform = PlatformAssemblyNames();
            platform.Add(engineAssemblyName);
            platform.Add(RootAssembly.GetName().Name);
            foreach (string path in Directory.GetFiles(DependencyFolder, "*.dll"))
            {
                if (!platform.Contains(Path.GetFileNameWithoutExtension(path)))
                {
                    yield return path;
                }
            }
        }

        /// <summary>The simple names of the runtime's and PowerShell's own assemblies: the host's trusted platform
        /// assembly list, which the default context serves.</summary>
        private static HashSet<string> PlatformAssemblyNames()
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string list)
            {
                foreach (string path in list.Split(new[] { Path.PathSeparator }, StringSplitOptions.RemoveEmptyEntries))
                {
                    names.Add(Path.GetFileNameWithoutExtension(path));
                }
            }

            return names;
        }
    }
}
