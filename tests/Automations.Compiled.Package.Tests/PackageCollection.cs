using Xunit;

namespace Automations.Compiled.Package.Tests
{
    /// <summary>
    /// The tests that need the packed package: they share one pack (the slow part) and run one after another, so
    /// their nested builds never compete for the CI machine's two cores.
    /// </summary>
    [CollectionDefinition(Name)]
    public sealed class PackageCollection : ICollectionFixture<PackedPackage>
    {
        /// <summary>The collection's name.</summary>
        public const string Name = "Packed package";
    }
}
