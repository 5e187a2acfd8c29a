namespace Automations.Compiled.Hosting
{
    /// <summary>Why a lifecycle action was refused (<see cref="LifecycleException.Error"/>).</summary>
    public enum LifecycleError
    {
        /// <summary>The template has no action of that name or reference.</summary>
        UnknownAction,

        /// <summary>
        /// The action exists but not from the entity's current state: another state, the entity does not exist (for an
        /// action that is not a create action), or it exists already (for a create action).
        /// </summary>
        NotAvailable,

        /// <summary>The caller's access level is below the action's.</summary>
        AccessDenied,

        /// <summary>
        /// The entity is busy or changed: an action is in flight on it, or another trigger moved it between the checks
        /// and the commit (the compare-and-swap on its revision was lost). Read it again, and retry when it rests.
        /// </summary>
        Conflict,
    }
}
