using System.Collections.Generic;

namespace TwilioTokens
{
    /// <summary>The <c>task_router</c> grant: lets a TaskRouter SDK client act as a worker of a workspace.</summary>
    public sealed class TaskRouterGrant : TwilioGrant
    {
        public const string Key = "task_router";

        public override string Kind => Key;

        /// <inheritdoc cref="TwilioGrant.ToString"/>
        public override string ToString() => base.ToString();

        /// <summary>The workspace (WS…).</summary>
        public string WorkspaceSid { get; set; }

        /// <summary>The worker (WK…).</summary>
        public string WorkerSid { get; set; }

        public string Role { get; set; }

        internal override object ToClaimValue()
        {
            var claim = new Dictionary<string, object>();
            AddIfSet(claim, "workspace_sid", WorkspaceSid);
            AddIfSet(claim, "worker_sid", WorkerSid);
            AddIfSet(claim, "role", Role);
            return claim;
        }

        internal static TaskRouterGrant FromClaim(GrantFields fields) => new TaskRouterGrant
        {
            WorkspaceSid = fields.String("workspace_sid"),
            WorkerSid = fields.String("worker_sid"),
            Role = fields.String("role"),
        };
    }
}
