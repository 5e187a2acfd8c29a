using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Automations.Compiled.Text;

namespace Automations.Compiled.Testing.Files
{
    /// <summary>Reads one scenario file's JSON into builder calls, checking every property where it stands.</summary>
    internal sealed class ScenarioReader(string file, JsonPositions positions)
    {
        // The step ids the scenario being read names, with where: checked against the flow when it is applied.
        private List<(string StepId, string Path)> _steps = [];

        private static readonly string[] ScenarioProperties = ["name", "inputs", "trigger", "clock", "actions", "compensations", "records", "secrets", "then", "expect"];
        private static readonly string[] ExpectProperties = ["status", "steps", "endpoints", "outputs", "notRun", "output", "message", "error", "wait", "records"];

        public ScenarioFileException Error(string path, string problem)
        {
            var (line, column) = positions.Of(path);
            return new ScenarioFileException(file, line, column, problem);
        }

        /// <summary>Checks that <paramref name="element"/> is an object whose properties are all in <paramref name="allowed"/>.</summary>
        public void Properties(JsonElement element, string path, string what, params string[] allowed)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw Error(path, $"{what} is an object, not {Describe(element)}.");
            }

            foreach (var property in element.EnumerateObject())
            {
                if (!allowed.Contains(property.Name, StringComparer.Ordinal))
                {
                    throw Error($"{path}.{property.Name}#name", $"{what} has no property '{property.Name}'{Suggestions.DidYouMean(property.Name, allowed)}; it takes {string.Join(", ", allowed)}.");
                }
            }
        }

        public string String(JsonElement element, string path)
            => element.ValueKind == JsonValueKind.String && element.GetString() is { Length: > 0 } text
                ? text
                : throw Error(path, $"expected a non-empty string, not {Describe(element)}.");

        public ScenarioDefinition Definition(JsonElement scenario, string path)
        {
            Properties(scenario, path, "a scenario", ScenarioProperties);
            var name = scenario.TryGetProperty("name", out var named) ? String(named, path + ".name") : throw Error(path, "a scenario needs a \"name\": what it shows (\"welcome email fires on signup\").");
            var steps = new List<Action<FlowScenario>>();
            _steps = [];
            foreach (var property in scenario.EnumerateObject())
            {
                var at = $"{path}.{property.Name}";
                var value = property.Value;
                switch (property.Name)
                {
                    case "inputs":
                        steps.Add(s => s.WithInput(value));
                        break;
                    case "trigger":
                        steps.Add(Trigger(value, at));
                        break;
                    case "clock":
                        var start = Instant(value, at);
                        steps.Add(s => s.StartingAt(start));
                        break;
                    case "actions":
                        steps.AddRange(Actions(value, at));
                        break;
                    case "compensations":
                        steps.AddRange(Compensations(value, at));
                        break;
                    case "records":
                        steps.AddRange(Seed(value, at));
                        break;
                    case "secrets":
                        steps.AddRange(Secrets(value, at));
                        break;
                    case "then":
                        steps.AddRange(Script(value, at));
                        break;
                    case "expect":
                        steps.AddRange(Expectations(value, at));
                        break;
                }
            }

            var (line, column) = positions.Of(path);
            var references = _steps.Select(s => (s.StepId, Where: positions.Of(s.Path))).ToList();
            return new ScenarioDefinition(file, name, path, line, column, scenario =>
            {
                // A step the flow does not have is reported where the file names it; FlowScenario would say it too, without a place.
                var stepIds = scenario.Flow.Info.StepIds;
                foreach (var (stepId, (stepLine, stepColumn)) in references.Where(n => !stepIds.Contains(n.StepId)))
                {
                    throw new ScenarioFileException(file, stepLine, stepColumn, $"scenario '{name}' {FlowScenario.NamesMissingStep(scenario.Flow.Info, stepId)}");
                }

                steps.ForEach(apply => apply(scenario));
            });
        }

        private Action<FlowScenario> Trigger(JsonElement trigger, string path)
        {
            Properties(trigger, path, "a trigger", "record", "old", "event", "payload", "webhook", "schedule", "timeZone");
            bool Has(string name) => trigger.TryGetProperty(name, out _);
            JsonElement? Get(string name) => trigger.TryGetProperty(name, out var value) ? value : null;
            if (Has("schedule"))
            {
                var local = LocalTime(trigger.GetProperty("schedule"), path + ".schedule");
                var zone = Has("timeZone") ? String(trigger.GetProperty("timeZone"), path + ".timeZone") : throw Error(path, "a schedule trigger needs its \"timeZone\" (IANA, e.g. \"Europe/Berlin\").");
                if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
                {
                    throw Error(path + ".timeZone", $"'{zone}' is not a time zone this machine knows (IANA names, e.g. \"Europe/Berlin\").");
                }

                return s => s.OnSchedule(local, zone);
            }

            if (Has("event"))
            {
                var name = String(trigger.GetProperty("event"), path + ".event");
                var payload = Get("payload");
                return s => s.OnEvent(name, payload);
            }

            if (Has("webhook"))
            {
                var payload = trigger.GetProperty("webhook");
                return s => s.OnWebhook(payload);
            }

            if (Has("record") || Has("old"))
            {
                var record = Get("record");
                var old = Get("old");
                return s => s.WithTrigger(new FlowTrigger { Kind = "record", Record = record, Old = old });
            }

            throw Error(path, "a trigger is one of { \"record\", \"old\" }, { \"event\", \"payload\" }, { \"webhook\" } or { \"schedule\", \"timeZone\" }.");
        }

        private IEnumerable<Action<FlowScenario>> Actions(JsonElement actions, string path)
        {
            RequireObject(actions, path, "\"actions\" (step id: what the step's action does)");
            foreach (var step in actions.EnumerateObject())
            {
                var at = $"{path}.{step.Name}";
                var stepId = step.Name;
                _steps.Add((stepId, at + "#name"));
                if (step.Value.ValueKind == JsonValueKind.Array)
                {
                    var attempt = 0;
                    foreach (var item in step.Value.EnumerateArray())
                    {
                        var (fails, result) = Fake(item, $"{at}[{attempt}]");
                        var n = ++attempt;
                        yield return fails is { } message ? s => s.FailAction(stepId, n, message) : s => s.FakeAction(stepId, n, result);
                    }
                }
                else
                {
                    var (fails, result) = Fake(step.Value, at);
                    yield return fails is { } message ? s => s.FailAction(stepId, message) : s => s.FakeAction(stepId, result);
                }
            }
        }

        private (string? Fails, JsonElement? Result) Fake(JsonElement fake, string path)
        {
            Properties(fake, path, "an action's fake", "returns", "fails");
            var returns = fake.TryGetProperty("returns", out var value);
            var fails = fake.TryGetProperty("fails", out var message);
            if (returns == fails)
            {
                throw Error(path, "a fake either \"returns\" a value or \"fails\" with a message, one of the two.");
            }

            return fails ? (String(message, path + ".fails"), null) : (null, value);
        }

        private IEnumerable<Action<FlowScenario>> Compensations(JsonElement compensations, string path)
        {
            RequireObject(compensations, path, "\"compensations\" (step id: { } to skip it, or { \"fails\": message })");
            foreach (var step in compensations.EnumerateObject())
            {
                var at = $"{path}.{step.Name}";
                Properties(step.Value, at, "a compensation's fake", "fails");
                var stepId = step.Name;
                _steps.Add((stepId, at + "#name"));
                yield return step.Value.TryGetProperty("fails", out var message) && String(message, at + ".fails") is var text
                    ? s => s.FailCompensation(stepId, text)
                    : s => s.FakeCompensation(stepId);
            }
        }

        private IEnumerable<Action<FlowScenario>> Seed(JsonElement records, string path)
        {
            RequireObject(records, path, "\"records\" (object name: a list of records)");
            foreach (var objectRecords in records.EnumerateObject())
            {
                var objectName = objectRecords.Name;
                if (objectRecords.Value.ValueKind != JsonValueKind.Array)
                {
                    throw Error($"{path}.{objectName}", $"the records of '{objectName}' are a list, not {Describe(objectRecords.Value)}.");
                }

                var index = 0;
                foreach (var record in objectRecords.Value.EnumerateArray())
                {
                    RequireObject(record, $"{path}.{objectName}[{index++}]", "a record");
                    yield return s => s.WithRecord(objectName, record);
                }
            }
        }

        private IEnumerable<Action<FlowScenario>> Secrets(JsonElement secrets, string path)
        {
            RequireObject(secrets, path, "\"secrets\" (name: value)");
            foreach (var secret in secrets.EnumerateObject())
            {
                var (name, value) = (secret.Name, String(secret.Value, $"{path}.{secret.Name}"));
                yield return s => s.WithSecret(name, value);
            }
        }

        private IEnumerable<Action<FlowScenario>> Script(JsonElement script, string path)
        {
            if (script.ValueKind != JsonValueKind.Array)
            {
                throw Error(path, $"\"then\" is a list of what happens while the run waits, not {Describe(script)}.");
            }

            var index = 0;
            foreach (var item in script.EnumerateArray())
            {
                var at = $"{path}[{index++}]";
                Properties(item, at, "a script item", "advance", "event", "payload", "approve", "reject", "comment");
                if (item.TryGetProperty("advance", out var by))
                {
                    var duration = Duration(by, at + ".advance");
                    yield return s => s.ThenAdvance(duration);
                }
                else if (item.TryGetProperty("event", out var name))
                {
                    var eventName = String(name, at + ".event");
                    JsonElement? payload = item.TryGetProperty("payload", out var p) ? p : null;
                    yield return s => s.ThenEvent(eventName, payload);
                }
                else if (item.TryGetProperty("approve", out var approver) || item.TryGetProperty("reject", out approver))
                {
                    var approved = item.TryGetProperty("approve", out _);
                    var who = String(approver, at + (approved ? ".approve" : ".reject"));
                    var comment = item.TryGetProperty("comment", out var c) ? String(c, at + ".comment") : null;
                    yield return approved ? s => s.ThenApprove(who, comment) : s => s.ThenReject(who, comment);
                }
                else
                {
                    throw Error(at, "a script item is { \"advance\": \"PT1H\" }, { \"event\": name, \"payload\": ... }, { \"approve\": user } or { \"reject\": user }.");
                }
            }
        }

        private IEnumerable<Action<FlowScenario>> Expectations(JsonElement expect, string path)
        {
            Properties(expect, path, "\"expect\"", ExpectProperties);
            foreach (var property in expect.EnumerateObject())
            {
                var at = $"{path}.{property.Name}";
                var value = property.Value;
                switch (property.Name)
                {
                    case "status":
                        var status = Enum<FlowStatus>(value, at);
                        yield return s => s.ExpectStatus(status);
                        break;
                    case "steps":
                        var trace = Strings(value, at).Select((line, i) => Pattern(line, $"{at}[{i}]")).ToArray();
                        yield return s => s.ExpectSteps(trace);
                        break;
                    case "endpoints":
                        RequireObject(value, at, "\"endpoints\" (step id: endpoint)");
                        foreach (var endpoint in value.EnumerateObject())
                        {
                            var (stepId, name) = (endpoint.Name, String(endpoint.Value, $"{at}.{endpoint.Name}"));
                            _steps.Add((stepId, $"{at}.{stepId}#name"));
                            yield return s => s.ExpectEndpoint(stepId, name);
                        }

                        break;
                    case "outputs":
                        RequireObject(value, at, "\"outputs\" (step id: output)");
                        foreach (var output in value.EnumerateObject())
                        {
                            var (stepId, expected) = (output.Name, output.Value);
                            _steps.Add((stepId, $"{at}.{stepId}#name"));
                            yield return s => s.ExpectStepOutput(stepId, expected);
                        }

                        break;
                    case "notRun":
                        foreach (var (stepId, i) in Strings(value, at).Select((id, i) => (id, i)))
                        {
                            _steps.Add((stepId, $"{at}[{i}]"));
                            yield return s => s.ExpectNotRun(stepId);
                        }

                        break;
                    case "output":
                        yield return s => s.ExpectOutput(value);
                        break;
                    case "message":
                        var message = value.ValueKind == JsonValueKind.Null ? null : String(value, at);
                        yield return s => s.ExpectMessage(message);
                        break;
                    case "error":
                        Properties(value, at, "\"error\"", "step", "contains");
                        var errorStep = value.TryGetProperty("step", out var step) && step.ValueKind != JsonValueKind.Null ? String(step, at + ".step") : null;
                        var contains = value.TryGetProperty("contains", out var c) ? String(c, at + ".contains") : null;
                        yield return s => s.ExpectError(errorStep, contains);
                        break;
                    case "wait":
                        var kind = Enum<WaitKind>(value, at);
                        yield return s => s.ExpectWaiting(kind);
                        break;
                    case "records":
                        var writes = Writes(value, at);
                        yield return s => s.ExpectRecordWrites(writes);
                        break;
                }
            }
        }

        private RecordWrite[] Writes(JsonElement writes, string path)
        {
            if (writes.ValueKind != JsonValueKind.Array)
            {
                throw Error(path, $"expected record writes are a list, not {Describe(writes)}.");
            }

            var list = new List<RecordWrite>();
            foreach (var write in writes.EnumerateArray())
            {
                var at = $"{path}[{list.Count}]";
                Properties(write, at, "a record write", "create", "update", "delete", "id", "fields");
                var operation = new[] { "create", "update", "delete" }.Where(o => write.TryGetProperty(o, out _)).ToList();
                if (operation.Count != 1)
                {
                    throw Error(at, "a record write names one operation and its object: { \"create\": \"user\", \"fields\": { ... } }, { \"update\": \"user\", \"id\": \"1\", \"fields\": { ... } } or { \"delete\": \"user\", \"id\": \"1\" }.");
                }

                var objectName = String(write.GetProperty(operation[0]), $"{at}.{operation[0]}");
                var id = write.TryGetProperty("id", out var given) ? (given.ValueKind == JsonValueKind.String ? given.GetString()! : given.GetRawText()) : "";
                IReadOnlyDictionary<string, object?> fields = write.TryGetProperty("fields", out var f)
                    ? FlowScenario.Fields(RequireObject(f, at + ".fields", "\"fields\""))
                    : new Dictionary<string, object?>();
                list.Add(new RecordWrite(operation[0], objectName, id, fields));
            }

            return list.ToArray();
        }

        private string Pattern(string line, string path)
        {
            try
            {
                _steps.Add((StepPattern.Parse(line).StepId, path));
                return line;
            }
            catch (FormatException error)
            {
                throw Error(path, error.Message);
            }
        }

        private List<string> Strings(JsonElement list, string path)
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                throw Error(path, $"expected a list of strings, not {Describe(list)}.");
            }

            return list.EnumerateArray().Select((item, i) => String(item, $"{path}[{i}]")).ToList();
        }

        private T Enum<T>(JsonElement value, string path)
            where T : struct, System.Enum
        {
            var names = System.Enum.GetNames<T>();
            var text = String(value, path);
            return System.Enum.TryParse<T>(text, ignoreCase: true, out var parsed) && names.Contains(parsed.ToString())
                ? parsed
                : throw Error(path, $"'{text}' is not one of {string.Join(", ", names)}{Suggestions.DidYouMean(text, names)}.");
        }

        private TimeSpan Duration(JsonElement value, string path)
        {
            var text = String(value, path);
            try
            {
                var duration = ScenarioValues.Duration(text);
                return duration >= TimeSpan.Zero ? duration : throw new FormatException("negative");
            }
            catch (Exception error) when (error is FormatException or OverflowException)
            {
                throw Error(path, $"'{text}' is not a duration: write ISO 8601 (\"PT1H30M\", \"P2D\") or hh:mm:ss, not negative.");
            }
        }

        private DateTimeOffset Instant(JsonElement value, string path)
        {
            var text = String(value, path);
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
                ? instant
                : throw Error(path, $"'{text}' is not an instant: write ISO 8601 (\"2026-01-01T09:00:00Z\").");
        }

        private DateTime LocalTime(JsonElement value, string path)
        {
            var text = String(value, path);
            return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local) && !text.EndsWith('Z') && !text.Contains('+')
                ? local
                : throw Error(path, $"'{text}' is not a wall-clock time: write it without an offset (\"2026-03-29T02:30:00\"); \"timeZone\" says where.");
        }

        private JsonElement RequireObject(JsonElement value, string path, string what)
            => value.ValueKind == JsonValueKind.Object ? value : throw Error(path, $"{what} is an object, not {Describe(value)}.");

        private static string Describe(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "a list",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => "null",
        };
    }
}
