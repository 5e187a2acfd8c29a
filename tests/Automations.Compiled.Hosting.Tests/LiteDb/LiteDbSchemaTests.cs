using System;
using System.Linq;
using Automations.Compiled.Hosting.Tests.Contract;
using Automations.Compiled.Hosting.Tests.Support;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.LiteDb
{
    /// <summary>The LiteDB journal's collections and indexes, as docs/journal.md lists them.</summary>
    public sealed class LiteDbSchemaTests : JournalTest<LiteDbBackend>
    {
        [Fact]
        public void A_journal_has_every_collection_and_index_its_queries_walk()
        {
            var indexes = LiteDbBackend.Read(Journal, db => db.Database.GetCollection("$indexes").FindAll()
                .Select(d => d["collection"].AsString + "." + d["name"].AsString)
                .Where(name => !name.EndsWith("._id", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .ToArray());

            Assert.Equal(
                new[]
                {
                    "audit.run", "entities.run", "history.ek", "outbox.admitted", "outbox.last_error", "outbox.run", "outbox.vk",
                    "runs.created", "runs.ended", "runs.fk", "runs.fsk", "runs.ik", "runs.key", "runs.killed", "runs.seq", "runs.sk",
                    "steps.run", "suspended.due", "suspended.ek", "versions.flow",
                },
                indexes);
        }
    }
}
