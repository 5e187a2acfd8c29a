namespace Automations.Compiled.Hosting.Sqlite
{
    /// <summary>One forward step of the schema: the script that takes a file from <c>Version - 1</c> to <paramref name="Version"/>.</summary>
    /// <param name="Version">The schema version the script produces.</param>
    /// <param name="Description">What it changes, kept in <c>schema_version</c>.</param>
    /// <param name="Script">The SQL, run in the migration's transaction.</param>
    internal sealed record SqliteMigration(int Version, string Description, string Script);
}
