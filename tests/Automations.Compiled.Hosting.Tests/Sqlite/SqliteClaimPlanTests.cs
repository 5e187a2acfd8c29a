using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Sqlite;
using Automations.Compiled.Hosting.Tests.Contract;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.Sqlite
{
    /// <summary>SQLite's plan for a claim: what keeps it cheap however many runs wait.</summary>
    public sealed class SqliteClaimPlanTests : SqliteJournalTest
    {
        [Fact]
        public async Task A_claim_walks_the_outbox_by_visibility_and_never_sorts_the_waiting_runs()
        {
            // The plan is what keeps a claim cheap with 100,000 runs waiting: the outbox, in ix_outbox_visible's order, is the
            // outer loop (so LIMIT ends the scan), and nothing is sorted. Some rows so the planner sees both tables in use.
            for (var i = 0; i < 20; i++)
            {
                await StartAsync();
            }

            using var connection = SqliteBackend.Open(JournalPath);
            using var command = connection.CreateCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + SqliteRunJournal.ClaimSql.Text;
            foreach (var name in new[] { "?1", "?2", "?3", "?4" })
            {
                command.Parameters.AddWithValue(name, name == "?1" ? "worker-a" : 1);
            }

            var plan = new List<string>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    plan.Add(reader.GetString(3));
                }
            }

            var text = string.Join("\n", plan);
            var outer = plan.FindIndex(p => p.Contains(" o USING INDEX ix_outbox_visible", StringComparison.Ordinal));
            var runs = plan.FindIndex(p => p.StartsWith("SEARCH r ", StringComparison.Ordinal));
            Assert.True(outer >= 0 && runs > outer, "the outbox must drive the claim:\n" + text);
            Assert.DoesNotContain(plan, p => p.Contains("TEMP B-TREE", StringComparison.Ordinal));
            Assert.DoesNotContain(plan, p => p.Contains("ix_runs_status", StringComparison.Ordinal));
        }
    }
}
