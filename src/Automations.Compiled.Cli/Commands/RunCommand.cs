using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Automations.Compiled.Cli.Running;
using Automations.Compiled.Hosting;

namespace Automations.Compiled.Cli.Commands
{
    /// <summary>
    /// <c>flow run &lt;file.flow.json&gt;</c>: compiles a JSON flow in memory with the generator's emitter and runs it, in
    /// memory or durably on a journal file.
    /// </summary>
    internal static class RunCommand
    {
        public static Command Create()
        {
            var file = new Argument<string>("file") { Description = "The flow file (*.flow.json)." };
            var input = new Option<string?>("--input", "-i") { Description = "The flow's inputs as a JSON object, or @file." };
            var trigger = new Option<string?>("--trigger") { Description = "The trigger payload (trigger.payload) as JSON, or @file." };
            var actions = new Option<string?>("--actions") { Description = "An assembly whose [FlowAction] methods the flow may use, besides the built-in ones." };
            var journal = new Option<string?>("--journal") { Description = "Run durably on this journal file (created if missing): a run that waits stays there." };
            var journalKind = new Option<string>("--journal-kind")
            {
                Description = "The kind of journal --journal creates when the file is new: litedb (default) or sqlite. An existing file is opened as what it is.",
                DefaultValueFactory = _ => "litedb",
            };
            journalKind.AcceptOnlyFromAmong("litedb", "sqlite");
            var trace = new Option<bool>("--trace") { Description = "Print one line per step try: step, try, status, endpoint, duration." };
            var allowHost = new Option<string[]>("--allow-host") { Description = "A host the built-in http action may call (repeat for more).", AllowMultipleArgumentsPerToken = true };
            var command = new Command("run", "Compile a JSON flow in memory and run it.") { file, input, trigger, actions, journal, journalKind, trace, allowHost };
            ChatModels.AddOptions(command);
            command.SetAction((result, cancellationToken) => RunAsync(
                result,
                result.GetValue(file)!,
                JsonArgument.Parse(result.GetValue(input), "--input"),
                JsonArgument.Parse(result.GetValue(trigger), "--trigger"),
                result.GetValue(actions),
                result.GetValue(journal),
                result.GetValue(journalKind) == "sqlite" ? JournalKind.Sqlite : JournalKind.LiteDb,
                result.GetValue(trace),
                result.GetValue(allowHost) ?? Array.Empty<string>(),
                cancellationToken));
            return command;
        }

        private static async Task<int> RunAsync(ParseResult result, string path, JsonElement? input, JsonElement? trigger, string? actions, string? journal, JournalKind kindOfNew, bool trace, IReadOnlyList<string> allowedHosts, CancellationToken cancellationToken)
        {
            // With --json, stdout carries the result only: the log action and trace lines go to stderr. Everything printed
            // of the run hides the secret values its resolver returned, as the journal does.
            var redaction = new RunRedaction();
            using var output = redaction.Writer(Output.IsJson(result) ? Console.Error : Console.Out);
            if (journal is not null)
            {
                JournalFile.Check(journal, mustExist: false, kindOfNew);
            }

            using var flow = Compile(path, actions, allowedHosts, output, cancellationToken, await ChatModels.FromAsync(result, redaction.Secrets, cancellationToken).ConfigureAwait(false));
            if (flow is null)
            {
                return FlowCli.FlowErrors;
            }

            var definition = flow.Create();
            var typedInput = Input(definition.Info, input);
            var flowTrigger = trigger is null ? null : new FlowTrigger { Kind = definition.Info.Trigger.Kind, Payload = trigger.Value };
            if (journal is null)
            {
                var observer = trace ? new TraceObserver(output) : null;
                var run = await definition.RunAsync(typedInput, new FlowRunOptions { Observer = observer, Trigger = flowTrigger, Secrets = redaction.Secrets }, cancellationToken).ConfigureAwait(false);
                var message = run.Status == FlowStatus.Waiting ? (run.Message ?? "waiting (in memory: use --journal to keep it and continue it later)") : run.Message;
                return RunReport.Write(result, redaction, run.RunId, definition.Info.Id, run.Status, message, run.Error?.StepId, run.Error?.Message, run.Output);
            }

            await using var session = await JournalSession.OpenAsync(journal, flow, mustExist: false, cancellationToken, kindOfNew, redaction.Secrets).ConfigureAwait(false);
            FlowRun started;
            try
            {
                started = await session.Client.StartAsync(definition.Info.Id, typedInput, new FlowStartOptions { Trigger = flowTrigger }, cancellationToken).ConfigureAwait(false);
            }
            catch (FlowRefusedException refused)
            {
                // Recorded in the journal as a failed run that says why: 'flow runs retry' starts it once the cause is gone.
                Console.Error.WriteLine("flow: " + redaction.Text(refused.Message));
                return FlowCli.FlowErrors;
            }

            var details = await session.SettleAsync(started.RunId, cancellationToken).ConfigureAwait(false);
            return Report(result, details, trace, output, redaction);
        }

        /// <summary>
        /// Compiles the flow, printing its errors (null then); shared by the commands that run a flow's code. Its LLM steps ask
        /// <paramref name="chatModel"/> (<see cref="ChatModels"/>).
        /// </summary>
        internal static CompiledFlow? Compile(string path, string? actions, IReadOnlyList<string> allowedHosts, TextWriter output, CancellationToken cancellationToken, Microsoft.Extensions.AI.IChatClient chatModel)
        {
            try
            {
                return CompiledFlow.Compile(path, actions, allowedHosts, output, Console.Error, cancellationToken, chatModel);
            }
            catch (FlowCompileException errors)
            {
                foreach (var line in errors.Lines)
                {
                    Console.Error.WriteLine(line);
                }

                return null;
            }
        }

        /// <summary>
        /// Where a journal run got to, with its step history as trace lines when asked; <paramref name="output"/> is the
        /// command's redacting writer, and the report is redacted by <paramref name="redaction"/>.
        /// </summary>
        internal static int Report(ParseResult result, RunDetails details, bool trace, TextWriter output, RunRedaction redaction)
        {
            if (trace)
            {
                foreach (var step in details.Steps)
                {
                    var shown = redaction.Step(step);
                    output.WriteLine(TraceObserver.Format(shown.StepId, shown.Attempt, shown.Status, shown.Endpoint, shown.EndedAt - shown.StartedAt, shown.Error));
                }
            }

            var run = details.Run;
            return RunReport.Write(result, redaction, run.RunId, run.FlowId, run.Status, run.Message, run.Error?.StepId, run.Error?.Message, RunReport.Journal(details.Output), Output.IsJson(result) ? details.Steps : null);
        }

        /// <summary>The flow's typed input from <c>--input</c>; a missing, unknown or mistyped input is a usage error naming it.</summary>
        private static object? Input(FlowInfo flow, JsonElement? input)
        {
            if (flow.InputType is null)
            {
                if (input is { ValueKind: not JsonValueKind.Null })
                {
                    throw new UsageException($"Flow '{flow.Id}' takes no inputs; leave out --input.");
                }

                return null;
            }

            var json = input ?? JsonDocument.Parse("{}").RootElement.Clone();
            try
            {
                var typed = FlowInputs.FromJson(flow, json);
                RequireDeclared(flow, json);
                return typed;
            }
            catch (ArgumentException error)
            {
                throw new UsageException("--input: " + error.Message.Split(" (Parameter")[0]);
            }
        }

        /// <summary>
        /// A JSON flow cannot mark an input optional, so the tool asks for every input whose type has no null (the host's
        /// check lets init properties be left out).
        /// </summary>
        private static void RequireDeclared(FlowInfo flow, JsonElement json)
        {
            var nullability = new System.Reflection.NullabilityInfoContext();
            foreach (var property in flow.InputType!.GetProperties())
            {
                var given = json.ValueKind == JsonValueKind.Object && json.EnumerateObject().Any(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase));
                var nullable = property.PropertyType.IsValueType ? Nullable.GetUnderlyingType(property.PropertyType) is not null : nullability.Create(property).WriteState != System.Reflection.NullabilityState.NotNull;
                if (!given && !nullable)
                {
                    throw new ArgumentException($"Flow '{flow.Id}' needs input '{property.Name}'.");
                }
            }
        }
    }
}
