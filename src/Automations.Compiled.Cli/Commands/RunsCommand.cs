using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Cli.Running;
using Automations.Compiled.Hosting;

namespace Automations.Compiled.Cli.Commands
{
    /// <summary>
    /// <c>flow runs ...</c>: inspect and operate the runs of a journal file. Operations record the change in the journal;
    /// with <c>--file</c> the tool also hosts the flow and runs the continued leg here, until the run waits again or ends.
    /// </summary>
    internal static class RunsCommand
    {
        private static readonly Option<string> Journal = new("--journal") { Description = "The journal file (it must exist and be a flow journal).", Required = true, Recursive = true };

        public static Command Create()
        {
            var command = new Command("runs", "Inspect and operate the runs of a journal.") { Journal };
            command.Subcommands.Add(List());
            command.Subcommands.Add(Show());
            foreach (var (name, description) in new[]
            {
                ("pause", "Pause a run (a waiting one at once, a running one at its next step)."),
                ("resume", "Resume a paused run; with --file, also run a waiting run whose timer is due."),
                ("cancel", "Cancel a run."),
                ("retry", "Retry a failed run from the step that failed."),
            })
            {
                command.Subcommands.Add(Operate(name, description));
            }

            command.Subcommands.Add(Decide("approve", approved: true));
            command.Subcommands.Add(Decide("reject", approved: false));
            command.Subcommands.Add(Events());
            command.Subcommands.Add(Kill());
            command.Subcommands.Add(Compact());
            return command;
        }

        /// <summary><c>flow runs kill</c>: engage, lift or list the kill switches every host on the journal obeys.</summary>
        private static Command Kill()
        {
            var scope = new Argument<string?>("scope") { Description = "What it covers: '*' for every flow, 'flow-id' for a flow, 'flow-id@3' for one version.", Arity = ArgumentArity.ZeroOrOne };
            var reason = new Option<string?>("--reason") { Description = "Why (refused starts and cancelled runs say it). Needed to engage." };
            var cancel = new Option<bool>("--cancel") { Description = "Cancel the runs in flight instead of pausing them (a lift resumes paused runs only)." };
            var by = new Option<string?>("--by") { Description = "Who engages it, for the record." };
            var lift = new Option<bool>("--lift") { Description = "Lift the switch on this scope: starts are accepted again and the runs it paused resume." };
            var list = new Option<bool>("--list") { Description = "List the engaged kill switches." };
            var command = new Command("kill", "Engage a kill switch (new starts refused and recorded, runs in flight paused or cancelled at their next step), lift one, or list them.") { scope, reason, cancel, by, lift, list };
            command.Validators.Add(parsed =>
            {
                var given = parsed.GetValue(scope);
                if (parsed.GetValue(list))
                {
                    if (given is not null || parsed.GetValue(lift) || parsed.GetValue(reason) is not null)
                    {
                        parsed.AddError("--list takes no scope, --lift or --reason.");
                    }

                    return;
                }

                if (given is null)
                {
                    parsed.AddError("Give a scope ('*', 'flow-id' or 'flow-id@3'), or --list.");
                    return;
                }

                try
                {
                    KillScope.Parse(given);
                }
                catch (FormatException error)
                {
                    parsed.AddError(error.Message);
                }

                if (parsed.GetValue(lift))
                {
                    if (parsed.GetValue(reason) is not null || parsed.GetValue(cancel))
                    {
                        parsed.AddError("--lift takes no --reason or --cancel.");
                    }
                }
                else if (string.IsNullOrWhiteSpace(parsed.GetValue(reason)))
                {
                    parsed.AddError("--reason is needed to engage a kill switch: refused starts and cancelled runs say it.");
                }
            });
            command.SetAction(async (result, cancellationToken) =>
            {
                await using var session = await OpenAsync(result, null, cancellationToken).ConfigureAwait(false);
                var client = session.Client;
                if (result.GetValue(list))
                {
                    var switches = await client.ListKillSwitchesAsync(cancellationToken).ConfigureAwait(false);
                    var text = switches.Count == 0
                        ? "No kill switch is engaged."
                        : string.Join(Environment.NewLine, switches.Select(k => $"{k.Scope.Key,-24} {k.Mode,-6} {Time(k.EngagedAt)}  {k.By ?? "-"}  {k.Reason}"));
                    Output.Result(result, text, switches.Select(k => new { scope = k.Scope.Key, mode = k.Mode.ToString().ToLowerInvariant(), reason = k.Reason, by = k.By, engagedAt = k.EngagedAt }).ToList());
                    return FlowCli.Ok;
                }

                var target = KillScope.Parse(result.GetValue(scope)!);
                if (result.GetValue(lift))
                {
                    var lifted = await client.LiftKillSwitchAsync(target, cancellationToken).ConfigureAwait(false);
                    if (!lifted.Changed)
                    {
                        Console.Error.WriteLine($"flow: no kill switch is engaged on {target} (scope '{target.Key}'); 'flow runs kill --list' shows them.");
                        return FlowCli.FlowErrors;
                    }

                    Output.Result(result, $"Lifted the kill switch on {target}: starts are accepted again; {lifted.Runs} paused run(s) resume when a host picks them up.", new { scope = target.Key, lifted = true, resumed = lifted.Runs });
                    return FlowCli.Ok;
                }

                var mode = result.GetValue(cancel) ? KillMode.Cancel : KillMode.Pause;
                var engaged = await client.EngageKillSwitchAsync(target, mode, result.GetValue(reason)!, result.GetValue(by), cancellationToken).ConfigureAwait(false);
                var verb = mode == KillMode.Cancel ? "cancelled or asked to cancel" : "paused or asked to pause";
                Output.Result(
                    result,
                    $"{(engaged.Changed ? "Engaged" : "Updated")} the kill switch on {target} ({mode.ToString().ToLowerInvariant()}): new starts are refused; {engaged.Runs} run(s) in flight {verb}.",
                    new { scope = target.Key, mode = mode.ToString().ToLowerInvariant(), engaged = engaged.Changed, runs = engaged.Runs });
                return FlowCli.Ok;
            });
            return command;
        }

        private static Command Compact()
        {
            var olderThan = new Option<string?>("--delete-ended-older-than")
            {
                Description = "First delete the runs that ended longer ago than this (30d, 12h, 90m, or d.hh:mm:ss), with their step history.",
            };
            var command = new Command("compact", "Give the space of deleted runs back to the disk: rewrite the journal without its free pages (optionally deleting old ended runs first).") { olderThan };
            command.SetAction(async (result, cancellationToken) =>
            {
                var keep = result.GetValue(olderThan) is { } text ? Duration(text, "--delete-ended-older-than") : (TimeSpan?)null;
                var path = result.GetValue(Journal)!;
                var kind = JournalFile.Check(path, mustExist: true);
                await using var journal = await JournalSession.OpenJournalAsync(path, kind, cancellationToken).ConfigureAwait(false);
                var deleted = keep is { } age
                    ? await journal.PurgeAllEndedRunsAsync(DateTimeOffset.UtcNow - age, JournalSession.MaxPage, cancellationToken).ConfigureAwait(false)
                    : 0;

                var compaction = await journal.CompactAsync(cancellationToken).ConfigureAwait(false);
                var purged = keep is null ? "" : $"Deleted {deleted} run(s) that ended more than {keep} ago. ";
                Output.Result(
                    result,
                    $"{purged}Compacted {path}: {compaction.BytesBefore:N0} → {compaction.BytesAfter:N0} bytes.",
                    new { journal = path, kind = kind.ToString(), deletedRuns = deleted, bytesBefore = compaction.BytesBefore, bytesAfter = compaction.BytesAfter });
                return FlowCli.Ok;
            });
            return command;
        }

        /// <summary>A duration as people write it: <c>30d</c>, <c>12h</c>, <c>90m</c>, <c>45s</c>, or a .NET time span (<c>7.00:00:00</c>); positive.</summary>
        internal static TimeSpan Duration(string text, string option)
        {
            var trimmed = text.Trim();
            TimeSpan? value = null;
            if (trimmed.Length > 1 && long.TryParse(trimmed.AsSpan(0, trimmed.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count <= 36_500L * 24 * 3600)
            {
                value = trimmed[^1] switch
                {
                    'd' => TimeSpan.FromDays(count),
                    'h' => TimeSpan.FromHours(count),
                    'm' => TimeSpan.FromMinutes(count),
                    's' => TimeSpan.FromSeconds(count),
                    _ => null,
                };
            }

            if (value is null && TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out var span))
            {
                value = span;
            }

            return value is { } positive && positive > TimeSpan.Zero && positive <= TimeSpan.FromDays(36_500)
                ? positive
                : throw new UsageException($"{option} takes a positive duration such as 30d, 12h, 90m or 7.00:00:00, not '{text}'.");
        }

        private static Command List()
        {
            var flow = new Option<string?>("--flow") { Description = "Only runs of this flow id." };
            var status = new Option<FlowStatus?>("--status") { Description = "Only runs with this status." };
            var limit = new Option<int>("--limit") { Description = $"At most this many runs (newest first), 1 to {JournalSession.MaxPage}.", DefaultValueFactory = _ => 50 };
            var command = new Command("list", "List runs, newest first.") { flow, status, limit };
            command.SetAction(async (result, cancellationToken) =>
            {
                if (result.GetValue(limit) is < 1 or > JournalSession.MaxPage)
                {
                    throw new UsageException($"--limit must be between 1 and {JournalSession.MaxPage}.");
                }

                // The parser takes a number for an enum too (--status 42): only the statuses there are.
                if (result.GetValue(status) is { } wanted && !Enum.IsDefined(wanted))
                {
                    throw new UsageException($"--status must be one of {string.Join(", ", Enum.GetNames<FlowStatus>())}.");
                }

                var redaction = new RunRedaction();
                await using var session = await OpenAsync(result, null, cancellationToken).ConfigureAwait(false);
                var page = await session.Client.ListRunsAsync(new RunQuery { FlowId = result.GetValue(flow), Status = result.GetValue(status), Limit = result.GetValue(limit) }, cancellationToken).ConfigureAwait(false);
                var text = new StringBuilder();
                text.AppendLine(string.Format(CultureInfo.InvariantCulture, "{0,-32}  {1,-24} {2,-9}  {3,-19}  {4}", "RUN", "FLOW", "STATUS", "UPDATED", "MESSAGE"));
                foreach (var run in page.Runs)
                {
                    var note = redaction.Text(run.Error is { } error ? $"{error.StepId}: {error.Message}" : run.Message);
                    text.AppendLine(string.Format(CultureInfo.InvariantCulture, "{0:N}  {1,-24} {2,-9}  {3:yyyy-MM-dd HH:mm:ss}  {4}", run.RunId, run.FlowId + " v" + run.FlowVersion, run.Status, run.UpdatedAt.ToLocalTime(), note));
                }

                text.Append(page.Runs.Count == 0 ? "No runs." : $"{page.Runs.Count} run(s).");
                Output.Result(result, text.ToString(), page.Runs.Select(run => RunReport.Summary(run, redaction)).ToList());
                return FlowCli.Ok;
            });
            return command;
        }

        private static Command Show()
        {
            var runId = RunId();
            var command = new Command("show", "Show a run and its step history as a timeline.") { runId };
            command.SetAction(async (result, cancellationToken) =>
            {
                var redaction = new RunRedaction();
                await using var session = await OpenAsync(result, null, cancellationToken).ConfigureAwait(false);
                var details = await session.GetRunAsync(result.GetValue(runId)!, cancellationToken).ConfigureAwait(false);
                var run = details.Run;
                var text = new StringBuilder();
                text.AppendLine($"Run {run.RunId:N}  {run.FlowId} v{run.FlowVersion}  {run.Status}  (trigger {run.TriggerKind})");
                text.AppendLine($"created {Time(run.CreatedAt)}, updated {Time(run.UpdatedAt)}" + (run.EndedAt is { } ended ? $", ended {Time(ended)}" : ""));
                if (run.Message is not null)
                {
                    text.AppendLine("message: " + redaction.Text(run.Message));
                }

                if (run.Error is { } error)
                {
                    text.AppendLine($"error: {error.StepId}: {redaction.Text(error.Message)}");
                }

                if (RunReport.Text(details.Output, redaction) is { } output)
                {
                    text.AppendLine("output: " + output);
                }

                text.AppendLine();
                text.AppendLine(string.Format(CultureInfo.InvariantCulture, "{0,-12}  {1,10}  {2,-20} {3,3}  {4,-11} {5,-10} {6}", "START", "DURATION", "STEP", "TRY", "STATUS", "ENDPOINT", "OUTPUT / ERROR"));
                foreach (var entry in details.Steps)
                {
                    var step = redaction.Step(entry);
                    var detail = step.Error ?? RunReport.Text(step.Output, redaction) ?? "";
                    text.AppendLine(string.Format(
                        CultureInfo.InvariantCulture,
                        "{0:HH:mm:ss.fff}  {1,10}  {2,-20} {3,3}  {4,-11} {5,-10} {6}",
                        step.StartedAt.ToLocalTime(),
                        (step.EndedAt - step.StartedAt).TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ms",
                        step.StepId,
                        step.Attempt,
                        step.Status.ToString().ToLowerInvariant(),
                        step.Endpoint ?? "-",
                        Shorten(detail)));
                }

                text.Append(details.Steps.Count == 0 ? "(no steps yet)" : $"{details.Steps.Count} step tries.");
                Output.Result(result, text.ToString(), new
                {
                    run = RunReport.Summary(run, redaction),
                    output = redaction.Value(RunReport.Journal(details.Output)),
                    steps = RunReport.Steps(details.Steps, redaction).ToList(),
                });
                return FlowCli.Ok;
            });
            return command;
        }

        private static Command Operate(string name, string description)
        {
            var runId = RunId();
            var flowFile = FlowFile();
            var command = new Command(name, description) { runId, flowFile };
            ChatModels.AddOptions(command); // the model of a continued leg's LLM steps, with --file
            command.SetAction((result, cancellationToken) => OperateAsync(result, result.GetValue(runId)!, result.GetValue(flowFile), async (client, run) =>
            {
                switch (name)
                {
                    case "pause":
                        await client.PauseAsync(run.RunId, cancellationToken).ConfigureAwait(false);
                        break;
                    case "resume":
                        // A waiting run that is not paused has nothing to resume in the journal; with --file its due timer fires here.
                        if (!(run.Status == FlowStatus.Waiting && result.GetValue(flowFile) is not null))
                        {
                            await client.ResumeAsync(run.RunId, cancellationToken).ConfigureAwait(false);
                        }

                        break;
                    case "cancel":
                        await client.CancelAsync(run.RunId, cancellationToken).ConfigureAwait(false);
                        break;
                    default:
                        await client.RetryAsync(run.RunId, cancellationToken).ConfigureAwait(false);
                        break;
                }
            }, cancellationToken));
            return command;
        }

        private static Command Decide(string name, bool approved)
        {
            var runId = RunId();
            var flowFile = FlowFile();
            var by = new Option<string>("--by") { Description = "Who decides (kept in the journal and in the approval step's output).", Required = true };
            var comment = new Option<string?>("--comment") { Description = "Why." };
            var command = new Command(name, approved ? "Approve the approval step a run waits at." : "Reject the approval step a run waits at.") { runId, by, comment, flowFile };
            ChatModels.AddOptions(command); // the model of a continued leg's LLM steps, with --file
            command.Validators.Add(parsed =>
            {
                if (parsed.GetValue(by) is { } name && string.IsNullOrWhiteSpace(name))
                {
                    parsed.AddError("--by needs a name: who decides.");
                }
            });
            command.SetAction((result, cancellationToken) => OperateAsync(result, result.GetValue(runId)!, result.GetValue(flowFile), (client, run) =>
                approved
                    ? client.ApproveAsync(run.RunId, result.GetValue(by)!, result.GetValue(comment), cancellationToken)
                    : client.RejectAsync(run.RunId, result.GetValue(by)!, result.GetValue(comment), cancellationToken), cancellationToken));
            return command;
        }

        private static Command Events()
        {
            var name = new Argument<string>("name") { Description = "The event name." };
            var payload = new Option<string?>("--payload") { Description = "The event's payload (the wait step's output) as JSON, or @file." };
            var flowFile = FlowFile();
            var command = new Command("events", "Deliver an event to the runs waiting for it.") { name, payload, flowFile };
            ChatModels.AddOptions(command); // the model of a continued leg's LLM steps, with --file
            command.Validators.Add(parsed =>
            {
                if (string.IsNullOrWhiteSpace(parsed.GetValue(name)))
                {
                    parsed.AddError("The event name is empty.");
                }
            });
            command.SetAction(async (result, cancellationToken) =>
            {
                var body = JsonArgument.Parse(result.GetValue(payload), "--payload");
                var file = result.GetValue(flowFile);
                var redaction = new RunRedaction();
                using var output = redaction.Writer(Output.IsJson(result) ? Console.Error : Console.Out);
                using var flow = file is null ? null : RunCommand.Compile(file, null, Array.Empty<string>(), output, cancellationToken, await ChatModels.FromAsync(result, redaction.Secrets, cancellationToken).ConfigureAwait(false));
                if (file is not null && flow is null)
                {
                    return FlowCli.FlowErrors;
                }

                await using var session = await OpenAsync(result, flow, cancellationToken, redaction).ConfigureAwait(false);
                var waiting = await session.AllRunsAsync(FlowStatus.Waiting, cancellationToken).ConfigureAwait(false);
                var count = await session.Client.RaiseEventAsync(result.GetValue(name)!, body, cancellationToken: cancellationToken).ConfigureAwait(false);
                var settled = new List<RunDetails>();
                if (flow is not null && count > 0)
                {
                    foreach (var run in waiting)
                    {
                        settled.Add(await session.SettleAsync(run.RunId, cancellationToken).ConfigureAwait(false));
                    }
                }

                var text = $"Event '{result.GetValue(name)}' resumed {count} run(s)." + (flow is null && count > 0 ? " They continue when a host with their flow picks them up (or pass --file <flow.json>)." : "");
                foreach (var run in settled.Where(r => r.Steps.Count > 0))
                {
                    text += Environment.NewLine + $"Run {run.Run.RunId:N} of {run.Run.FlowId}: {run.Run.Status}";
                }

                Output.Result(result, text, new { @event = result.GetValue(name), resumed = count, runs = settled.Select(r => new { runId = r.Run.RunId.ToString("N"), status = r.Run.Status.ToString() }).ToList() });
                return FlowCli.Ok;
            });
            return command;
        }

        /// <summary>
        /// An operator call on one run: checked (the run exists), recorded in the journal, then with <c>--file</c> the flow is
        /// hosted here until the run waits again or ends.
        /// </summary>
        private static async Task<int> OperateAsync(ParseResult result, string runId, string? file, Func<IFlowClient, RunInfo, Task> operation, CancellationToken cancellationToken)
        {
            // The log action of the continued leg prints through the redaction its report goes through.
            var redaction = new RunRedaction();
            using var output = redaction.Writer(Output.IsJson(result) ? Console.Error : Console.Out);
            using var flow = file is null ? null : RunCommand.Compile(file, null, Array.Empty<string>(), output, cancellationToken, await ChatModels.FromAsync(result, redaction.Secrets, cancellationToken).ConfigureAwait(false));
            if (file is not null && flow is null)
            {
                return FlowCli.FlowErrors;
            }

            // The run is checked before the flow is hosted: a wrong id or flow file changes nothing.
            RunInfo run;
            await using (var check = await OpenAsync(result, null, cancellationToken).ConfigureAwait(false))
            {
                run = (await check.GetRunAsync(runId, cancellationToken).ConfigureAwait(false)).Run;
            }

            if (flow is not null)
            {
                var info = flow.Create().Info;
                if (info.Id != run.FlowId || info.Version != run.FlowVersion)
                {
                    throw new UsageException($"Run {run.RunId:N} is a run of {run.FlowId} v{run.FlowVersion}, but {file} is {info.Id} v{info.Version}.");
                }
            }

            await using var session = await OpenAsync(result, flow, cancellationToken, redaction).ConfigureAwait(false);
            try
            {
                await operation(session.Client, run).ConfigureAwait(false);
            }
            catch (Exception error) when (error is RunTransitionException or InvalidOperationException)
            {
                Console.Error.WriteLine("flow: " + redaction.Text(error.Message));
                return FlowCli.FlowErrors;
            }

            if (flow is null)
            {
                var now = await session.GetRunAsync(run.RunId.ToString("N"), cancellationToken).ConfigureAwait(false);
                var note = now.Run.Status is FlowStatus.Completed or FlowStatus.Failed or FlowStatus.Cancelled
                    ? ""
                    : $" It continues when a host with flow '{run.FlowId}' v{run.FlowVersion} picks it up (or pass --file <flow.json> to run it here).";
                Output.Result(result, $"Recorded. Run {run.RunId:N} of {run.FlowId}: {now.Run.Status}.{note}", new { runId = run.RunId.ToString("N"), flow = run.FlowId, status = now.Run.Status.ToString(), continuedHere = false });
                return FlowCli.Ok;
            }

            var details = await session.SettleAsync(run.RunId, cancellationToken).ConfigureAwait(false);
            return RunCommand.Report(result, details, trace: false, output, redaction);
        }

        /// <summary>Opens the journal; the runs a flow continues here resolve secrets through <paramref name="redaction"/>.</summary>
        private static async Task<JournalSession> OpenAsync(ParseResult result, CompiledFlow? flow, CancellationToken cancellationToken, RunRedaction? redaction = null)
            => await JournalSession.OpenAsync(result.GetValue(Journal)!, flow, mustExist: true, cancellationToken, secrets: redaction?.Secrets).ConfigureAwait(false);

        private static Argument<string> RunId() => new("runId") { Description = "The run id (as 'flow runs list' prints it)." };

        private static Option<string?> FlowFile() => new("--file") { Description = "The run's flow file: compile it and run the continued leg in this process." };

        private static string Time(DateTimeOffset time) => time.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);

        private static string Shorten(string text)
        {
            text = text.ReplaceLineEndings(" ");
            return text.Length <= 80 ? text : text.Substring(0, 77) + "...";
        }
    }
}
