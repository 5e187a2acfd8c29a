namespace Automations.Compiled.Hosting
{
    /// <summary>What registering a flow version did.</summary>
    public enum FlowVersionChange
    {
        /// <summary>The version was new.</summary>
        Added,

        /// <summary>The version was registered before with the same hash.</summary>
        Unchanged,

        /// <summary>The version was registered before with another hash; the new hash replaced it.</summary>
        HashChanged,
    }
}
