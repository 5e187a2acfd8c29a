using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Automations.Compiled.Hosting.Sqlite;
using Automations.Compiled.Hosting.Tests.Contract;
using Xunit;

namespace Automations.Compiled.Hosting.Tests.Sqlite
{
    /// <summary>SQLite's plan for each shape of <see cref="IRunJournal.ListRunsAsync"/>: an index that gives the page newest first.</summary>
    public sealed class SqliteListingPlanTests : SqliteJournalTest
    {
        private static readonly DateTimeOffset From = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

        public static TheoryData<string, string, bool> Shapes => new()
        {
            // shape, the index the plan must use, whether it may sort (a few rows: one key, or a closed time range)
            { "flow", "ix_runs_flow_seq", false },
            { "status", "ix_runs_status", false },
            { "flow+status", "ix_runs_flow", false },
            { "key", "ix_runs_key", false },
            { "key+status", "ix_runs_key", false },
            { "time", "ix_runs_created", true },
            { "flow+time", "ix_runs_flow_seq", false },
            { "status+time", "ix_runs_status", false },
            { "flow+status+time", "ix_runs_flow", false },
        };

        [Theory]
        [MemberData(nameof(Shapes))]
        public async Task Each_filter_reads_its_index_and_continues_below_the_token(string shape, string index, bool sorts)
        {
            // Some rows of two flows, so the planner sees the table in use.
            await Journal.RegisterFlowVersionAsync(new FlowVersionRecord("refunds", 1, "h"));
            for (var i = 0; i < 20; i++)
            {
                await StartAsync($"k{i}", flow: i % 2 == 0 ? Flow : "refunds");
            }

            var query = new RunQuery
            {
                FlowId = shape.Contains("flow", StringComparison.Ordinal) ? Flow : null,
                Status = shape.Contains("status", StringComparison.Ordinal) ? FlowStatus.Failed : null,
                IdempotencyKey = shape.Contains("key", StringComparison.Ordinal) ? "k1" : null,
                CreatedFrom = shape.Contains("time", StringComparison.Ordinal) ? From : null,
                CreatedBefore = shape.Contains("time", StringComparison.Ordinal) ? From.AddHours(1) : null,
            };

            using var connection = SqliteBackend.Open(JournalPath);
            using var command = connection.CreateCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + SqliteRunJournal.ListRunsSql(command, query, before: 1000, fetch: 51);
            var plan = new List<string>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    plan.Add(reader.GetString(3));
                }
            }

            var text = string.Join("\n", plan);
            Assert.True(plan.Exists(p => p.Contains($"USING INDEX {index} ", StringComparison.Ordinal)), $"{shape} must use {index}:\n{text}");
            if (!sorts)
            {
                Assert.DoesNotContain(plan, p => p.Contains("TEMP B-TREE", StringComparison.Ordinal));
            }
        }
    }
}
