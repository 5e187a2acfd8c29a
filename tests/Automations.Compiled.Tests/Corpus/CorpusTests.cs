using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Automations.Compiled.Tests.Corpus.CSharp;
using Automations.Compiled.Tests.Corpus.Json;
using Automations.Compiled.Tests.Support;
using Xunit;

namespace Automations.Compiled.Tests.Corpus
{
    /// <summary>
    /// One semantics: every flow of Corpus/Flows has a C# twin; both run with the same inputs and must end alike
    /// (status, output, message, failing step), trace alike (step, attempt, endpoint, status) and act alike (the
    /// action log), and both must match the trace written here, so a bug shared by both front ends fails too.
    /// </summary>
    public sealed class CorpusTests
    {
        private const string Key = "sk-corpus-4242";

        internal sealed record Outcome(
            FlowStatus Status,
            object? Output,
            string? Message,
            string? ErrorStep,
            string? ErrorMessage,
            IReadOnlyList<string> Trace,
            IReadOnlyList<string> Log,
            FlowSnapshot? Snapshot,
            string TraceText);

        private static async Task<Outcome> Run(Func<FlowRunOptions, ValueTask<FlowResult>> run, int failures = 0, IRecordStore? records = null)
        {
            var log = CorpusLog.Begin(failures);
            var trace = new FlowTrace();
            var options = new FlowRunOptions
            {
                Observer = trace,
                TimeProvider = new RecordingTimeProvider(),
                Records = records ?? new InMemoryRecordStore(),
                Secrets = new CorpusSecrets(),
            };
            var result = await run(options);
            return new Outcome(
                result.Status,
                result.Output,
                result.Message,
                result.Error?.StepId,
                result.Error?.Message,
                trace.Records.Select(r => $"{r.StepId}#{r.Attempt} {r.Endpoint ?? "-"} {r.Status}").ToArray(),
                log.Entries,
                result.Snapshot,
                string.Join("\n", trace.Records.Select(r => r.ToString() + " " + r.Error)) + "\n" + result.Error?.Message);
        }

        /// <summary>Both twins ended alike, traced alike in order, acted alike, and match the expected trace.</summary>
        private static void Same(Outcome json, Outcome csharp, FlowStatus status, string[] expectedTrace, string[] expectedLog, bool unordered = false)
        {
            Assert.Equal(status, json.Status);
            Assert.Equal(status, csharp.Status);
            Assert.Equal(csharp.Output, json.Output);
            Assert.Equal(csharp.Message, json.Message);
            Assert.Equal(csharp.ErrorStep, json.ErrorStep);
            Assert.Equal(csharp.ErrorMessage, json.ErrorMessage);
            if (unordered)
            {
                Assert.Equal(Sorted(expectedTrace), Sorted(json.Trace));
                Assert.Equal(Sorted(expectedTrace), Sorted(csharp.Trace));
                Assert.Equal(Sorted(expectedLog), Sorted(json.Log));
                Assert.Equal(Sorted(expectedLog), Sorted(csharp.Log));
            }
            else
            {
                Assert.Equal(expectedTrace, json.Trace);
                Assert.Equal(expectedTrace, csharp.Trace);
                Assert.Equal(expectedLog, json.Log);
                Assert.Equal(expectedLog, csharp.Log);
            }
        }

        private static string[] Sorted(IEnumerable<string> items) => items.OrderBy(i => i, StringComparer.Ordinal).ToArray();

        // ---- branching: condition then/else, stop failed, set, vars, {!path}, $expr -------------------------------

        [Theory]
        [InlineData("ann", 150.0, "ann: large")]
        [InlineData("bob", 120.0, "bob: medium")]
        public async Task Branching_then_path_sets_variables_and_output(string name, double amount, string output)
        {
            var json = await Run(o => new BranchingFlow().RunAsync(new BranchingFlow.Input { Name = name, Amount = amount }, o));
            var csharp = await Run(o => new BranchingTwin().RunAsync(new BranchingInput(name, amount), o));

            Same(json, csharp, FlowStatus.Completed,
                new[] { "greet#1 success Succeeded", "big#1 then Succeeded", "note#1 success Succeeded", "total#1 success Succeeded", "describe#1 success Succeeded" },
                new[] { "hello " + name, "big order for " + name });
            Assert.Equal(output, json.Output);
        }

        [Fact]
        public async Task Branching_else_path_stops_the_run_as_failed_with_its_message()
        {
            var json = await Run(o => new BranchingFlow().RunAsync(new BranchingFlow.Input { Name = "cy", Amount = 5.0 }, o));
            var csharp = await Run(o => new BranchingTwin().RunAsync(new BranchingInput("cy", 5.0), o));

            Same(json, csharp, FlowStatus.Failed,
                new[] { "greet#1 success Succeeded", "big#1 else Succeeded", "refuse#1 - Succeeded" },
                new[] { "hello cy" });
            Assert.Equal("too small for cy", json.Message);
            Assert.Null(json.Output);
        }

        // ---- foreach: each/done, item, index, outputs in the body, parallelism ----------------------------------

        [Fact]
        public async Task Foreach_runs_each_item_then_done_sequentially_and_in_parallel()
        {
            var names = new[] { "a", "b", "c" };
            var json = await Run(o => new ForEachFlow().RunAsync(new ForEachFlow.Input { Names = names }, o));
            var csharp = await Run(o => new ForEachTwin().RunAsync(new ForEachInput(names), o));

            var sequential = new[]
            {
                "names#1 each Succeeded",
                "tag#1 success Succeeded", "shout#1 success Succeeded",
                "tag#1 success Succeeded", "shout#1 success Succeeded",
                "tag#1 success Succeeded", "shout#1 success Succeeded",
                "count#1 success Succeeded",
            };
            var expected = sequential.Concat(new[] { "fan#1 each Succeeded", "par#1 success Succeeded", "par#1 success Succeeded", "par#1 success Succeeded", "after#1 success Succeeded" }).ToArray();
            Same(json, csharp, FlowStatus.Completed, expected,
                new[] { "tag:a@0", "A!", "tag:b@1", "B!", "tag:c@2", "C!", "count 3", "p:a", "p:b", "p:c", "after" },
                unordered: true);

            // Only the parallel body may interleave: the rest is ordered.
            foreach (var outcome in new[] { json, csharp })
            {
                Assert.Equal(sequential.Append("fan#1 each Succeeded"), outcome.Trace.Take(sequential.Length + 1));
                Assert.Equal("after#1 success Succeeded", outcome.Trace[^1]);
                Assert.Equal(new[] { "tag:a@0", "A!", "tag:b@1", "B!", "tag:c@2", "C!", "count 3" }, outcome.Log.Take(7));
                Assert.Equal("after", outcome.Log[^1]);
            }
        }

        [Fact]
        public async Task Foreach_over_no_items_takes_done_at_once()
        {
            var json = await Run(o => new ForEachFlow().RunAsync(new ForEachFlow.Input { Names = Array.Empty<string>() }, o));
            var csharp = await Run(o => new ForEachTwin().RunAsync(new ForEachInput(Array.Empty<string>()), o));

            Same(json, csharp, FlowStatus.Completed,
                new[] { "names#1 done Succeeded", "count#1 success Succeeded", "fan#1 done Succeeded", "after#1 success Succeeded" },
                new[] { "count 0", "after" });
        }

        // ---- parallel: branches, onError continue, instance action -------------------------------------------------

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task Parallel_runs_every_branch_and_continues_past_a_failed_one(bool failBranch)
        {
            var json = await Run(o => new ParallelFlow(new CorpusNotifier("mail")).RunAsync(new ParallelFlow.Input { To = "ann", FailBranch = failBranch }, o));
            var csharp = await Run(o => new ParallelTwin(new CorpusNotifier("mail")).RunAsync(new ParallelInput("ann", failBranch), o));

            var trace = new List<string> { "fan#1 branches Succeeded", "mail#1 success Succeeded", "mail-log#1 success Succeeded", "text#1 success Succeeded" };
            var log = new List<string> { "notify[mail]:ann:hi", "sent mail:ann", "sms ann" };
            trace.Add(failBranch ? "check#1 then Succeeded" : "check#1 else Succeeded");
            if (failBranch)
            {
                trace.Add("boom#1 - Failed");
                log.Add("fail:branch down");
            }

            trace.Add("joined#1 success Succeeded");
            log.Add("joined");
            Same(json, csharp, FlowStatus.Completed, trace.ToArray(), log.ToArray(), unordered: true);
            foreach (var outcome in new[] { json, csharp })
            {
                Assert.Equal("fan#1 branches Succeeded", outcome.Trace[0]);
                Assert.Equal("joined#1 success Succeeded", outcome.Trace[^1]);
                Assert.True(
                    outcome.Trace.ToList().IndexOf("mail#1 success Succeeded") < outcome.Trace.ToList().IndexOf("mail-log#1 success Succeeded"),
                    "steps of one branch run in order");
            }
        }

        // ---- errors: retry, success/error endpoints, onError continue --------------------------------------------

        [Theory]
        [InlineData(0)]
        [InlineData(2)]
        public async Task A_charge_that_succeeds_within_its_retries_takes_success(int failures)
        {
            var json = await Run(o => new ErrorsFlow().RunAsync(new ErrorsFlow.Input { OrderId = "o1", Amount = 10.0 }, o), failures);
            var csharp = await Run(o => new ErrorsTwin().RunAsync(new ErrorsInput("o1", 10.0), o), failures);

            var trace = new List<string>();
            var log = new List<string>();
            for (var attempt = 1; attempt <= failures; attempt++)
            {
                trace.Add($"charge#{attempt} - Failed");
                log.Add("charge-timeout:o1");
            }

            trace.AddRange(new[] { $"charge#{failures + 1} success Succeeded", "paid#1 success Succeeded", "optional#1 next Failed", "finish#1 success Succeeded" });
            log.AddRange(new[] { "charge:o1:10", "fail:optional step", "finished" });
            Same(json, csharp, FlowStatus.Completed, trace.ToArray(), log.ToArray());
            Assert.Equal("paid ch-o1", json.Output);
        }

        [Fact]
        public async Task A_charge_that_fails_every_try_takes_its_error_endpoint()
        {
            var json = await Run(o => new ErrorsFlow().RunAsync(new ErrorsFlow.Input { OrderId = "o3", Amount = -1.0 }, o));
            var csharp = await Run(o => new ErrorsTwin().RunAsync(new ErrorsInput("o3", -1.0), o));

            Same(json, csharp, FlowStatus.Completed,
                new[] { "charge#1 - Failed", "charge#2 - Failed", "charge#3 error Failed", "notify-failure#1 success Succeeded", "optional#1 next Failed", "finish#1 success Succeeded" },
                new[] { "charge-refused:o3", "charge-refused:o3", "charge-refused:o3", "charge failed for o3", "fail:optional step", "finished" });
            Assert.Null(json.Output);
        }

        // ---- rollback: compensations newest first ------------------------------------------------------------------

        [Fact]
        public async Task A_failed_ship_rolls_back_charge_then_reservation()
        {
            var json = await Run(o => new RollbackFlow().RunAsync(new RollbackFlow.Input { Sku = "sku9", Quantity = 2, CarrierDown = true }, o));
            var csharp = await Run(o => new RollbackTwin().RunAsync(new RollbackInput("sku9", 2, true), o));

            Same(json, csharp, FlowStatus.Failed,
                new[]
                {
                    "reserve#1 success Succeeded", "charge#1 success Succeeded", "note#1 success Succeeded",
                    "ship#1 - Failed", "ship#2 - Failed", "charge#1 compensate Compensated", "reserve#1 compensate Compensated",
                },
                new[] { "reserve:sku9x2", "charge:sku9:5", "charged", "ship-failed:sku9", "ship-failed:sku9", "refund:ch-sku9", "release:res-sku9" });
            Assert.Equal("ship", json.ErrorStep);
            Assert.Equal("carrier down for sku9", json.ErrorMessage);
        }

        [Fact]
        public async Task A_shipped_order_runs_no_compensation()
        {
            var json = await Run(o => new RollbackFlow().RunAsync(new RollbackFlow.Input { Sku = "sku1", Quantity = 1, CarrierDown = false }, o));
            var csharp = await Run(o => new RollbackTwin().RunAsync(new RollbackInput("sku1", 1, false), o));

            Same(json, csharp, FlowStatus.Completed,
                new[] { "reserve#1 success Succeeded", "charge#1 success Succeeded", "note#1 success Succeeded", "ship#1 success Succeeded", "shipped#1 success Succeeded" },
                new[] { "reserve:sku1x1", "charge:sku1:5", "charged", "ship:sku1" });
            Assert.Equal("parcel-sku1", json.Output);
        }

        // ---- goto, run, standalone ----------------------------------------------------------------------------------

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task Run_calls_and_returns_gotos_hand_off_and_standalone_steps_run_only_when_targeted(bool skip)
        {
            var json = await Run(o => new GotoFlow().RunAsync(new GotoFlow.Input { Skip = skip, Name = "zed" }, o));
            var csharp = await Run(o => new GotoTwin().RunAsync(new GotoInput(skip, "zed"), o));

            var trace = new List<string> { "start#1 success Succeeded", "call#1 next Succeeded", "helper#1 success Succeeded", "helper-two#1 success Succeeded" };
            var log = new List<string> { "start", "helper", "helper two" };
            if (skip)
            {
                trace.Add("decide#1 then Succeeded");
            }
            else
            {
                trace.AddRange(new[] { "decide#1 else Succeeded", "middle#1 success Succeeded", "mid2#1 success Succeeded" });
                log.AddRange(new[] { "middle", "mid2" });
            }

            trace.AddRange(new[] { "tail#1 success Succeeded", "jumper#1 success Succeeded", "cleanup#1 - Succeeded" });
            log.AddRange(new[] { "tail", "jumper" });
            Same(json, csharp, FlowStatus.Completed, trace.ToArray(), log.ToArray());
            Assert.Equal("cleaned up for zed", json.Message);
        }

        // ---- wait: duration, event with timeout, resume ----------------------------------------------------------

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task Waits_suspend_and_both_twins_resume_alike(bool paid)
        {
            var json = await Run(o => new WaitFlow().RunAsync(new WaitFlow.Input { OrderId = "w1" }, o));
            var csharp = await Run(o => new WaitTwin().RunAsync(new WaitInput("w1"), o));
            Same(json, csharp, FlowStatus.Waiting, new[] { "cool#1 - Suspended" }, Array.Empty<string>());
            Assert.Equal(WaitKind.Timer, json.Snapshot!.Wait.Kind);
            Assert.Equal(WaitKind.Timer, csharp.Snapshot!.Wait.Kind);

            json = await Run(o => new WaitFlow().ResumeAsync(json.Snapshot, ResumeSignal.TimerElapsed(), o));
            csharp = await Run(o => new WaitTwin().ResumeAsync(csharp.Snapshot, ResumeSignal.TimerElapsed(), o));
            Same(json, csharp, FlowStatus.Waiting, new[] { "cool#1 elapsed Succeeded", "paid#1 - Suspended" }, Array.Empty<string>());
            Assert.Equal("payment", json.Snapshot!.Wait.EventName);
            Assert.Equal(csharp.Snapshot!.Wait.EventName, json.Snapshot.Wait.EventName);

            var signal = paid ? ResumeSignal.Event("payment", "p-1") : ResumeSignal.TimerElapsed();
            json = await Run(o => new WaitFlow().ResumeAsync(json.Snapshot, signal, o));
            csharp = await Run(o => new WaitTwin().ResumeAsync(csharp.Snapshot, signal, o));
            Same(json, csharp, FlowStatus.Completed,
                paid
                    ? new[] { "paid#1 event Succeeded", "ship-it#1 success Succeeded", "close#1 success Succeeded" }
                    : new[] { "paid#1 elapsed Succeeded", "expire#1 success Succeeded", "close#1 success Succeeded" },
                paid ? new[] { "ship w1", "close w1" } : new[] { "expired w1", "close w1" });
        }

        // ---- approval: approved, rejected, timeout ---------------------------------------------------------------

        public static TheoryData<string, FlowStatus, string[], string[]> Decisions => new()
        {
            { "approve", FlowStatus.Completed, new[] { "review#1 approved Succeeded", "accept#1 success Succeeded", "done#1 success Succeeded" }, new[] { "approved by ann" } },
            { "reject", FlowStatus.Failed, new[] { "review#1 rejected Succeeded", "refuse#1 - Succeeded" }, Array.Empty<string>() },
            { "timeout", FlowStatus.Completed, new[] { "review#1 timeout Succeeded", "late#1 success Succeeded", "done#1 success Succeeded" }, new[] { "no decision" } },
        };

        [Theory]
        [MemberData(nameof(Decisions))]
        public async Task Approvals_resume_on_each_decision_alike(string decision, FlowStatus status, string[] trace, string[] log)
        {
            var json = await Run(o => new ApprovalFlow().RunAsync(new ApprovalFlow.Input { Doc = "d7" }, o));
            var csharp = await Run(o => new ApprovalTwin().RunAsync(new ApprovalInput("d7"), o));
            Same(json, csharp, FlowStatus.Waiting, new[] { "review#1 - Suspended" }, Array.Empty<string>());
            Assert.Equal(new[] { "manager" }, json.Snapshot!.Wait.Roles);
            Assert.Equal(csharp.Snapshot!.Wait.Until, json.Snapshot.Wait.Until);

            var signal = decision switch
            {
                "approve" => ResumeSignal.Approval(new ApprovalDecision(true, "ann", "fine")),
                "reject" => ResumeSignal.Approval(new ApprovalDecision(false, "bob", null)),
                _ => ResumeSignal.TimerElapsed(),
            };
            json = await Run(o => new ApprovalFlow().ResumeAsync(json.Snapshot, signal, o));
            csharp = await Run(o => new ApprovalTwin().ResumeAsync(csharp.Snapshot, signal, o));
            Same(json, csharp, status, trace, log);
            Assert.Equal(status == FlowStatus.Failed ? null : "reviewed d7", json.Output);
            if (status == FlowStatus.Failed)
            {
                Assert.Equal("rejected d7", json.Message);
            }
        }

        // ---- records: create, update (error endpoint), query, delete ---------------------------------------------

        [Theory]
        [InlineData("ticket-1", "found 1, deleted true")]
        [InlineData("ticket-9", "found 0, deleted false")]
        public async Task Record_steps_act_alike_through_the_store(string ticket, string output)
        {
            var jsonStore = new InMemoryRecordStore();
            var csharpStore = new InMemoryRecordStore();
            var json = await Run(o => new RecordsFlow().RunAsync(new RecordsFlow.Input { Title = "printer", Ticket = ticket }, o), records: jsonStore);
            var csharp = await Run(o => new RecordsTwin().RunAsync(new RecordsInput("printer", ticket), o), records: csharpStore);

            var found = ticket == "ticket-1";
            Same(json, csharp, FlowStatus.Completed,
                found
                    ? new[] { "open#1 success Succeeded", "escalate#1 success Succeeded", "found#1 success Succeeded", "close#1 success Succeeded", "report#1 success Succeeded" }
                    : new[] { "open#1 success Succeeded", "escalate#1 error Failed", "missing#1 success Succeeded", "found#1 success Succeeded", "close#1 success Succeeded", "report#1 success Succeeded" },
                found ? Array.Empty<string>() : new[] { "no ticket ticket-9" });
            Assert.Equal(output, json.Output);
            Assert.Equal(Describe(csharpStore), Describe(jsonStore));
            Assert.Equal(found ? "" : "ticket-1:title=printer,status=open", Describe(jsonStore));
        }

        private static string Describe(InMemoryRecordStore store)
            => string.Join(";", store.All("ticket").Select(r => $"{r["id"]}:{string.Join(",", r.Where(f => f.Key != "id").Select(f => $"{f.Key}={f.Value}"))}"));

        // ---- secrets and an instance action ------------------------------------------------------------------------

        [Fact]
        public async Task A_secret_reaches_the_action_but_not_the_trace()
        {
            var json = await Run(o => new SecretsFlow(new CorpusNotifier("chat")).RunAsync(new SecretsFlow.Input { Endpoint = "/v1/pay", Fail = false }, o));
            var csharp = await Run(o => new SecretsTwin(new CorpusNotifier("chat")).RunAsync(new SecretsInput("/v1/pay", false), o));

            Same(json, csharp, FlowStatus.Completed,
                new[] { "call#1 success Succeeded", "tell#1 success Succeeded" },
                new[] { $"call:/v1/pay:{Key}:call", "notify[chat]:ops:200 /v1/pay" });
            Assert.DoesNotContain(Key, json.TraceText, StringComparison.Ordinal);
            Assert.DoesNotContain(Key, csharp.TraceText, StringComparison.Ordinal);
        }

        [Fact]
        public async Task A_secret_is_redacted_from_the_error_of_a_failed_call()
        {
            var json = await Run(o => new SecretsFlow(new CorpusNotifier("chat")).RunAsync(new SecretsFlow.Input { Endpoint = "/v1/pay", Fail = true }, o));
            var csharp = await Run(o => new SecretsTwin(new CorpusNotifier("chat")).RunAsync(new SecretsInput("/v1/pay", true), o));

            Same(json, csharp, FlowStatus.Failed, new[] { "call#1 - Failed" }, new[] { $"call:/v1/pay:{Key}:call" });
            Assert.Equal("call", json.ErrorStep);
            Assert.Equal("401 from /v1/pay for key ***", json.ErrorMessage);
            Assert.DoesNotContain(Key, json.TraceText, StringComparison.Ordinal);
        }

        private sealed class CorpusSecrets : ISecretResolver
        {
            public ValueTask<string?> ResolveAsync(string name, System.Threading.CancellationToken cancellationToken)
                => new(name == "CORPUS_KEY" ? Key : null);
        }
    }
}
