namespace Automations.Compiled
{
    /// <summary>
    /// Who may trigger a lifecycle action (SPEC §7): <c>User &lt; Manager &lt; Root</c>. A caller may trigger an
    /// action whose level is at most the caller's.
    /// </summary>
    public enum AccessLevel
    {
        /// <summary>Any user of the entity.</summary>
        User = 0,

        /// <summary>Managers and root.</summary>
        Manager = 1,

        /// <summary>Root only.</summary>
        Root = 2,
    }
}
