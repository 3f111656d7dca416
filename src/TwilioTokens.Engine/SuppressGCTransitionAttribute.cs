namespace System.Runtime.InteropServices
{
    /// <summary>The runtime's own attribute (.NET 5 and later), declared here because netstandard2.0 does not name it:
    /// the runtime recognises it by its full name on a P/Invoke, whichever assembly declares it, and then calls the
    /// native function without switching the thread to preemptive mode and back, saving that switch on every call.
    /// Older runtimes (Windows PowerShell's .NET Framework) ignore it. Only for short native calls that never block,
    /// call back or throw (<see cref="TwilioTokens.Engine.OpenSslHmacSha256"/>).</summary>
    [AttributeUsage(AttributeTargets.Method, Inherited = false)]
    internal sealed class SuppressGCTransitionAttribute : Attribute
    {
    }
}
