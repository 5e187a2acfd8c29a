using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using Automations.Compiled.Cli.Running;
using Automations.Compiled.Cli.Testing;
using Automations.Compiled.Testing;

namespace Automations.Compiled.Cli.Commands
{
    /// <summary>
    /// <c>flow test [paths]</c>: runs the scenarios of <c>*.scenario.json</c> files against their flows, compiled in memory
    /// as <c>flow run</c> compiles them; a line per scenario, the differences of each failure, and JUnit or TRX files for CI.
    /// Exit 1 when a scenario failed or could not run.
    /// </summary>
    internal static class TestCommand
    {
        public static Command Create()
        {
            var paths = new Argument<string[]>("paths") { Description = "Scenario files (*.scenario.json), or folders to search for them (default: the current folder).", Arity = ArgumentArity.ZeroOrMore };
            var filter = new Option<string?>("--filter") { Description = "Run only the scenarios whose name (or file name) contains this text (case-insensitive)." };
            var actions = new Option<string?>("--actions") { Description = "An assembly whose [FlowAction] methods the flows may use, besides the built-in ones." };
            var junit = new Option<string?>("--junit") { Description = "Also write the results as JUnit XML to this file." };
            var trx = new Option<string?>("--trx") { Description = "Also write the results as a Visual Studio TRX file to this file." };
            var allowHost = new Option<string[]>("--allow-host") { Description = "A host the built-in http action may call (repeat for more); fake the step instead where you can.", AllowMultipleArgumentsPerToken = true };
            var command = new Command("test", "Run the scenarios of *.scenario.json files against their flows.") { paths, filter, actions, junit, trx, allowHost };
            command.SetAction((result, cancellationToken) => RunAsync(
                result,
                result.GetValue(paths) is { Length: > 0 } given ? given : ["."],
                result.GetValue(filter),
                result.GetValue(actions),
                result.GetValue(junit),
                result.GetValue(trx),
                result.GetValue(allowHost) ?? [],
                cancellationToken));
            return command;
        }

        private static async Task<int> RunAsync(ParseResult result, string[] paths, string? filter, string? actions, string? junit, string? trx, string[] allowedHosts, CancellationToken cancellationToken)
        {
            var files = Expand(paths);
            var started = DateTimeOffset.UtcNow;
            var outcomes = new List<ScenarioOutcome>();
            var compiled = new Dictionary<string, (CompiledFlow? Flow, StringWriter Log, IReadOnlyList<string> Errors)>(StringComparer.Ordinal);
            var total = 0;
            try
            {
                foreach (var path in files)
                {
                    ScenarioFile file;
                    var text = InputFile.ReadText(path, "The scenario file"); // the tool's limits on what it reads (size, encoding)
                    try
                    {
                        file = ScenarioFile.Parse(path, Encoding.UTF8.GetBytes(text));
                    }
                    catch (ScenarioFileException error)
                    {
                        total++;
                        outcomes.Add(new ScenarioOutcome(path, error.Line, Path.GetFileName(path), "(not read)", ScenarioVerdict.Error, TimeSpan.Zero, [error.Message], ""));
                        continue;
                    }

                    total += file.Scenarios.Count;
                    var chosen = file.Scenarios.Where(s => Chosen(s, path, filter)).ToList();
                    if (chosen.Count == 0)
                    {
                        continue;
                    }

                    if (!compiled.TryGetValue(file.FlowPath, out var flow))
                    {
                        compiled[file.FlowPath] = flow = Compile(file.FlowPath, actions, allowedHosts, cancellationToken);
                    }

                    foreach (var scenario in chosen)
                    {
                        outcomes.Add(await RunAsync(path, file.FlowPath, scenario, flow, cancellationToken).ConfigureAwait(false));
                    }
                }
            }
            finally
            {
                foreach (var (flow, _, _) in compiled.Values)
                {
                    flow?.Dispose();
                }
            }

            if (outcomes.Count == 0)
            {
                throw new UsageException($"No scenario matches --filter '{filter}' ({total} scenario{(total == 1 ? "" : "s")} in {files.Count} file{(files.Count == 1 ? "" : "s")}).");
            }

            var finished = DateTimeOffset.UtcNow;
            Write(junit, "--junit", () => JUnitReport.Create(outcomes, started));
            Write(trx, "--trx", () => TrxReport.Create(outcomes, started, finished));
            var passed = outcomes.Count(o => o.Verdict == ScenarioVerdict.Passed);
            var failed = outcomes.Count(o => o.Verdict == ScenarioVerdict.Failed);
            var errors = outcomes.Count(o => o.Verdict == ScenarioVerdict.Error);
            var summary = $"{outcomes.Count} scenario{(outcomes.Count == 1 ? "" : "s")}: {passed} passed, {failed} failed, {errors} error{(errors == 1 ? "" : "s")} ({(finished - started).TotalSeconds:0.00} s).";
            Output.Result(result, Text(outcomes, summary), new
            {
                scenarios = outcomes.Select(o => new
                {
                    o.File,
                    o.Line,
                    o.Name,
                    o.Flow,
                    verdict = o.Verdict.ToString().ToLowerInvariant(),
                    durationMs = Math.Round(o.Duration.TotalMilliseconds, 1),
                    o.Details,
                    o.Output,
                }),
                passed,
                failed,
                errors,
            });
            return failed + errors == 0 ? FlowCli.Ok : FlowCli.FlowErrors;
        }

        /// <summary>Runs one scenario; whatever goes wrong is its outcome, never the tool's crash.</summary>
        private static async Task<ScenarioOutcome> RunAsync(string path, string flowPath, ScenarioDefinition definition, (CompiledFlow? Flow, StringWriter Log, IReadOnlyList<string> Errors) compiled, CancellationToken cancellationToken)
        {
            if (compiled.Flow is not { } flow)
            {
                return new ScenarioOutcome(path, definition.Line, definition.Name, flowPath, ScenarioVerdict.Error, TimeSpan.Zero, compiled.Errors, "");
            }

            var name = flowPath;
            compiled.Log.GetStringBuilder().Clear();
            var clock = Stopwatch.StartNew();
            try
            {
                var instance = flow.Create();
                name = instance.Info.ToString();
                var scenario = definition.For(instance);
                var outcome = await scenario.EvaluateAsync(cancellationToken).ConfigureAwait(false);
                var output = outcome.Redact(compiled.Log.ToString());
                return outcome.Passed
                    ? new ScenarioOutcome(path, definition.Line, definition.Name, name, ScenarioVerdict.Passed, clock.Elapsed, [], output)
                    : new ScenarioOutcome(path, definition.Line, definition.Name, name, ScenarioVerdict.Failed, clock.Elapsed, Failure(outcome), output);
            }
            catch (Exception error) when (error is ScenarioException or ScenarioFileException or UsageException)
            {
                var where = error is ScenarioFileException ? error.Message : $"{path}({definition.Line},{definition.Column}): error: {error.Message}";
                return new ScenarioOutcome(path, definition.Line, definition.Name, name, ScenarioVerdict.Error, clock.Elapsed, [where], "");
            }
            catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Whatever else a flow's code throws outside its steps (a constructor, an action assembly that does not
                // load) is this scenario's error; the other scenarios still run.
                var where = $"{path}({definition.Line},{definition.Column}): error: the scenario threw {error.GetType().Name}: {error.Message}";
                return new ScenarioOutcome(path, definition.Line, definition.Name, name, ScenarioVerdict.Error, clock.Elapsed, [where], "");
            }
        }

        /// <summary>The report without its first line (the verdict, which the scenario's own line shows).</summary>
        private static IReadOnlyList<string> Failure(ScenarioResult outcome)
            => outcome.Report().Split('\n').Skip(1).Select(l => l.TrimEnd('\r')).ToList();

        private static (CompiledFlow? Flow, StringWriter Log, IReadOnlyList<string> Errors) Compile(string flowPath, string? actions, string[] allowedHosts, CancellationToken cancellationToken)
        {
            var log = new StringWriter();
            if (!File.Exists(flowPath))
            {
                return (null, log, [$"{flowPath}: error: the flow file does not exist; name it with \"flow\" in the scenario file (a path relative to it), or put <name>.flow.json beside <name>.scenario.json."]);
            }

            try
            {
                var warnings = new StringWriter();
                return (CompiledFlow.Compile(flowPath, actions, allowedHosts, log, warnings, cancellationToken), log, []);
            }
            catch (FlowCompileException errors)
            {
                return (null, log, errors.Lines);
            }
            catch (UsageException error)
            {
                // A "flow" that is not a flow file, or an actions assembly that is missing: this file's scenarios cannot run.
                return (null, log, [$"{flowPath}: error: {error.Message}"]);
            }
        }

        private static bool Chosen(ScenarioDefinition scenario, string path, string? filter)
            => filter is null
                || scenario.Name.Contains(filter, StringComparison.OrdinalIgnoreCase)
                || Path.GetFileName(path).Contains(filter, StringComparison.OrdinalIgnoreCase);

        /// <summary>The scenario files named, folders searched for <c>*.scenario.json</c>, in a stable order.</summary>
        private static List<string> Expand(string[] paths)
        {
            var files = new List<string>();
            foreach (var path in paths)
            {
                if (Directory.Exists(path))
                {
                    var found = Directory.EnumerateFiles(path, "*" + ScenarioFile.Extension, SearchOption.AllDirectories)
                        .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
                        .Select(f => f.StartsWith("./", StringComparison.Ordinal) ? f[2..] : f)
                        .OrderBy(f => f, StringComparer.Ordinal)
                        .ToList();
                    if (found.Count == 0)
                    {
                        throw new UsageException($"No *{ScenarioFile.Extension} file under '{path}'; 'flow new <name>' writes one beside a new flow.");
                    }

                    files.AddRange(found);
                }
                else if (File.Exists(path))
                {
                    if (!path.EndsWith(ScenarioFile.Extension, StringComparison.OrdinalIgnoreCase))
                    {
                        throw new UsageException($"'{path}' is not a scenario file: its name must end in {ScenarioFile.Extension}.");
                    }

                    files.Add(path);
                }
                else
                {
                    throw new UsageException($"'{path}' does not exist.");
                }
            }

            return files.Distinct(StringComparer.Ordinal).ToList();
        }

        private static void Write(string? path, string option, Func<XDocument> report)
        {
            if (path is null)
            {
                return;
            }

            try
            {
                report().Save(path);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"{option}: cannot write {path}: {error.Message}");
            }
        }

        private static string Text(IReadOnlyList<ScenarioOutcome> outcomes, string summary)
        {
            var text = new StringBuilder();
            foreach (var outcome in outcomes)
            {
                var verdict = outcome.Verdict switch
                {
                    ScenarioVerdict.Passed => Output.Green("PASS "),
                    ScenarioVerdict.Failed => Output.Red("FAIL "),
                    _ => Output.Red("ERROR"),
                };
                text.AppendLine($"{verdict} {outcome.Name}  {Output.Dim($"[{outcome.File}:{outcome.Line}, {outcome.Flow}]")}");
                foreach (var line in outcome.Details)
                {
                    text.AppendLine("      " + line);
                }

                if (outcome.Verdict != ScenarioVerdict.Passed && outcome.Output.Length > 0)
                {
                    text.AppendLine("      output:");
                    foreach (var line in outcome.Output.TrimEnd().Split('\n'))
                    {
                        text.AppendLine("        " + line.TrimEnd('\r'));
                    }
                }
            }

            return text.Append(summary).ToString();
        }
    }
}
