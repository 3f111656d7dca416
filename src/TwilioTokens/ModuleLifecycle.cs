using System.Management.Automation;
using TwilioTokens.Internal;

namespace TwilioTokens
{
    /// <summary>
    /// PowerShell calls OnImport when the module is imported into a runspace and OnRemove when it is removed from one:
    /// they switch the engine's dependency resolution on and off. Nothing is loaded here; the engine loads on first use.
    /// Not meant for scripts.
    /// </summary>
    public sealed class ModuleLifecycle : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        /// <inheritdoc />
        public void OnImport() => EngineHost.OnModuleImported();

        /// <inheritdoc />
        public void OnRemove(PSModuleInfo psModuleInfo) => EngineHost.OnModuleRemoved();
    }
}
