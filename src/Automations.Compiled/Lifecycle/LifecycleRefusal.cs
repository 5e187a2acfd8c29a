namespace Automations.Compiled
{
    /// <summary>Why a template refuses an action for an entity (<see cref="LifecycleTemplate.TryGetAction"/>).</summary>
    public enum LifecycleRefusal
    {
        /// <summary>Not refused: the action may be triggered.</summary>
        None = 0,

        /// <summary>The template has no action of that name or reference.</summary>
        UnknownAction,

        /// <summary>The action exists, but not from the entity's current state (or the entity does not exist, or exists already for a create action).</summary>
        NotAvailable,

        /// <summary>The action is available, but the caller's access level is below the action's.</summary>
        AccessDenied,
    }
}
