using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Automations.Compiled.Testing.Files;

namespace Automations.Compiled.Testing
{
    /// <summary>
    /// A <c>*.scenario.json</c> file: the flow it tests (<c>"flow"</c>, a path relative to the file; by default the
    /// <c>.flow.json</c> of the same name beside it) and its scenarios, each turned into a <see cref="FlowScenario"/>
    /// by <see cref="ScenarioDefinition.For"/>. The format is in docs/testing.md.
    /// </summary>
    public sealed class ScenarioFile
    {
        /// <summary>What a scenario file's name ends with.</summary>
        public const string Extension = ".scenario.json";

        private ScenarioFile(string path, string flowPath, IReadOnlyList<ScenarioDefinition> scenarios)
        {
            Path = path;
            FlowPath = flowPath;
            Scenarios = scenarios;
        }

        /// <summary>The file, as given.</summary>
        public string Path { get; }

        /// <summary>The flow file it tests, as a full path.</summary>
        public string FlowPath { get; }

        /// <summary>Its scenarios, in file order.</summary>
        public IReadOnlyList<ScenarioDefinition> Scenarios { get; }

        /// <summary>Reads a scenario file; every mistake in it is a <see cref="ScenarioFileException"/> with its line and column.</summary>
        /// <exception cref="ScenarioFileException">The file is not JSON or not a scenario file; the message says where and why.</exception>
        /// <exception cref="IOException">The file cannot be read.</exception>
        public static ScenarioFile Load(string path)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            return Parse(path, File.ReadAllBytes(path));
        }

        /// <summary>Reads a scenario file's text (<paramref name="path"/> names it in messages and anchors the flow's path).</summary>
        /// <exception cref="ScenarioFileException">The text is not JSON or not a scenario file; the message says where and why.</exception>
        public static ScenarioFile Parse(string path, byte[] utf8)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(utf8, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            }
            catch (JsonException error)
            {
                throw new ScenarioFileException(path, (int)(error.LineNumber ?? 0) + 1, (int)(error.BytePositionInLine ?? 0) + 1, "not valid JSON: " + error.Message.Split(" Path:")[0], error);
            }

            using (document)
            {
                var reader = new ScenarioReader(path, JsonPositions.Read(utf8));
                var root = document.RootElement;
                reader.Properties(root, "$", "the scenario file", "flow", "scenarios");
                var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
                var flow = root.TryGetProperty("flow", out var named)
                    ? reader.String(named, "$.flow")
                    : DefaultFlow(path);
                if (!root.TryGetProperty("scenarios", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
                {
                    throw reader.Error("$.scenarios", "a scenario file needs \"scenarios\": a list of at least one scenario.");
                }

                var scenarios = new List<ScenarioDefinition>();
                var index = 0;
                foreach (var item in list.EnumerateArray())
                {
                    var definition = reader.Definition(item.Clone(), $"$.scenarios[{index++}]");
                    if (scenarios.Any(s => s.Name == definition.Name))
                    {
                        throw reader.Error(definition.Where + ".name", $"two scenarios are named '{definition.Name}': names must differ, reports tell them apart by name.");
                    }

                    scenarios.Add(definition);
                }

                return new ScenarioFile(path, System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, flow)), scenarios);
            }
        }

        /// <summary><c>x.scenario.json</c> tests <c>x.flow.json</c>.</summary>
        private static string DefaultFlow(string path)
        {
            var name = System.IO.Path.GetFileName(path);
            var stem = name.EndsWith(Extension, StringComparison.OrdinalIgnoreCase) ? name[..^Extension.Length] : System.IO.Path.GetFileNameWithoutExtension(name);
            return stem + ".flow.json";
        }
    }

    /// <summary>One scenario of a file, checked for form; <see cref="For"/> applies it to the compiled flow.</summary>
    public sealed class ScenarioDefinition
    {
        private readonly Action<FlowScenario> _apply;

        internal ScenarioDefinition(string file, string name, string where, int line, int column, Action<FlowScenario> apply)
        {
            File = file;
            Name = name;
            Where = where;
            Line = line;
            Column = column;
            _apply = apply;
        }

        /// <summary>The file it is in.</summary>
        public string File { get; }

        /// <summary>Its name.</summary>
        public string Name { get; }

        /// <summary>Where it starts in the file (line, from 1).</summary>
        public int Line { get; }

        /// <summary>Where it starts in the file (column, from 1).</summary>
        public int Column { get; }

        internal string Where { get; }

        /// <summary>The scenario for <paramref name="flow"/>, the flow the file tests.</summary>
        /// <exception cref="ScenarioFileException">A value does not fit the flow (an input, a step it names); the message says where.</exception>
        public FlowScenario For(IFlowDefinition flow)
        {
            var scenario = FlowScenario.For(flow).Named(Name);
            _apply(scenario);
            return scenario;
        }
    }
}
