using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Automations.Compiled.Cel;
using Automations.Compiled.Model;
using Xunit;

namespace Automations.Compiled.Generators.Tests.Cel
{
    /// <summary>
    /// cel-spec's conformance cases (tests/conformance/cel/cases.jsonl), all evaluated in one compilation. Every case
    /// passes except those in UnsupportedConformanceCases.txt, and every listed case still fails (the list stays true).
    /// </summary>
    public class CelConformanceTests
    {
        private sealed record Conformance(string Key, string Expression, CelCase Case, JsonElement Expect);

        [Fact]
        public void Conformance_cases_pass_except_the_listed_unsupported_ones()
        {
            var cases = File.ReadLines(ConformancePath()).Where(l => l.Trim().Length > 0).Select(Read).ToList();
            var outcomes = CelHarness.Evaluate(cases.Select(c => c.Case).ToList());
            var unsupported = Unsupported();

            var failures = new List<string>();
            var failingKeys = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < cases.Count; i++)
            {
                var problem = Check(cases[i].Expect, outcomes[i]);
                if (problem is null)
                {
                    continue;
                }

                failingKeys.Add(cases[i].Key);
                if (!unsupported.Contains(cases[i].Key))
                {
                    failures.Add($"{cases[i].Key}: {cases[i].Expression}\n    expected {cases[i].Expect.GetRawText()}\n    actual   {problem}");
                }
            }

            var stale = unsupported.Where(k => !failingKeys.Contains(k)).ToList();
            var passed = cases.Count(c => !failingKeys.Contains(c.Key));
            Assert.True(failures.Count == 0 && stale.Count == 0,
                $"{passed}/{cases.Count} pass. {failures.Count} failing cases:\n{string.Join("\n", failures)}\n"
                + $"Listed as unsupported but now pass (remove them from the list): {string.Join(", ", stale)}");
        }

        /// <summary>The repository root (the directory of Automations.Compiled.sln).</summary>
        internal static string RepositoryRoot()
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Automations.Compiled.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? "";
        }

        /// <summary>Test data kept beside this file in the source tree.</summary>
        internal static string DataPath(string name) => Path.Combine(RepositoryRoot(), "tests", "Automations.Compiled.Generators.Tests", "Cel", name);

        internal static string ConformancePath()
        {
            var path = Path.Combine(RepositoryRoot(), "tests", "conformance", "cel", "cases.jsonl");
            Assert.True(File.Exists(path), $"The CEL conformance cases are expected at {path} (tests/conformance in the repository).");
            return path;
        }

        private static HashSet<string> Unsupported()
        {
            var path = DataPath("UnsupportedConformanceCases.txt");
            return new HashSet<string>(
                File.ReadLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("#", StringComparison.Ordinal)),
                StringComparer.Ordinal);
        }

        private static Conformance Read(string line)
        {
            var json = JsonDocument.Parse(line).RootElement;
            var variables = new List<CelVariable>();
            var arguments = new List<(string, object?)>();
            var bindings = json.GetProperty("bindings");
            foreach (var declaration in json.GetProperty("type_env").EnumerateObject())
            {
                var (type, clr) = ParseType(declaration.Value.GetString()!);
                variables.Add(new CelVariable(declaration.Name, type, clr, $"p{arguments.Count}"));
                var bound = bindings.TryGetProperty(declaration.Name, out var value) ? Decode(value) : null;
                arguments.Add((clr, AsParameter(bound, type)));
            }

            var environment = new CelEnvironment(variables, Array.Empty<CelObjectShape>(), typeChecked: !json.GetProperty("disable_check").GetBoolean());
            var expression = json.GetProperty("expr").GetString()!;
            var key = $"{json.GetProperty("file").GetString()}/{json.GetProperty("name").GetString()}";
            return new Conformance(key, expression, new CelCase(expression, environment, arguments), json.GetProperty("expect").Clone());
        }

        // Typed collections are passed as the C# types the compiler reads them as.
        private static object? AsParameter(object? value, CelType type) => (type.Kind, value) switch
        {
            (CelTypeKind.List, object?[] list) => list.Cast<long>().ToArray(),
            (CelTypeKind.Map, Dictionary<object, object?> map) => map.ToDictionary(e => (string)e.Key, e => (string)e.Value!),
            _ => value,
        };

        private static (CelType, string) ParseType(string text) => text switch
        {
            "int" => (CelType.Int, "long"),
            "uint" => (CelType.Uint, "ulong"),
            "double" => (CelType.Double, "double"),
            "bool" => (CelType.Bool, "bool"),
            "string" => (CelType.String, "string"),
            "bytes" => (CelType.Bytes, "byte[]"),
            "google.protobuf.Duration" => (CelType.Duration, "global::System.TimeSpan"),
            "google.protobuf.Timestamp" => (CelType.Timestamp, "global::System.DateTimeOffset"),
            "list(int)" => (CelType.List(CelType.Int), "global::System.Collections.Generic.IReadOnlyList<long>"),
            "map(string, string)" => (CelType.Map(CelType.String, CelType.String), "global::System.Collections.Generic.IReadOnlyDictionary<string, string>"),
            _ => (CelType.Dyn, "object?"),
        };

        /// <summary>A value in the conformance encoding, as the C# value CEL uses.</summary>
        internal static object? Decode(JsonElement encoded)
        {
            var value = encoded.TryGetProperty("value", out var v) ? v : default;
            switch (encoded.GetProperty("type").GetString())
            {
                case "int64":
                    return value.ValueKind == JsonValueKind.String ? long.Parse(value.GetString()!) : value.GetInt64();
                case "uint64":
                    return value.ValueKind == JsonValueKind.String ? ulong.Parse(value.GetString()!) : value.GetUInt64();
                case "double":
                    return value.ValueKind == JsonValueKind.String
                        ? value.GetString() switch { "NaN" => double.NaN, "Infinity" => double.PositiveInfinity, _ => double.NegativeInfinity }
                        : value.GetDouble();
                case "string":
                    return value.GetString();
                case "bytes":
                    return Convert.FromBase64String(value.GetString()!);
                case "bool":
                    return value.GetBoolean();
                case "null":
                    return null;
                case "type":
                    return new CelTypeValue(value.GetString()!);
                case "duration":
                    return CelRuntime.Duration(value.GetString()!);
                case "timestamp":
                    return CelRuntime.Timestamp(value.GetString()!);
                case "list":
                    return value.EnumerateArray().Select(Decode).ToArray();
                case "map":
                    return value.EnumerateArray().ToDictionary(e => Decode(e.GetProperty("key"))!, e => Decode(e.GetProperty("value")));
                default:
                    throw new InvalidOperationException("unknown encoding " + encoded.GetRawText());
            }
        }

        /// <summary>Null when the outcome is what <paramref name="expect"/> says, else a description of the outcome.</summary>
        private static string? Check(JsonElement expect, CelOutcome outcome)
        {
            if (expect.GetProperty("kind").GetString() == "error")
            {
                return outcome.Kind is CelOutcomeKind.CompileError or CelOutcomeKind.RuntimeError ? null : outcome.ToString();
            }

            if (outcome.Kind != CelOutcomeKind.Value)
            {
                return outcome.ToString();
            }

            var expected = Decode(expect);
            return SameValue(expected, outcome.Value) ? null : outcome.ToString();
        }

        /// <summary>Same CEL type and CEL-equal (NaN equals NaN here).</summary>
        internal static bool SameValue(object? expected, object? actual)
        {
            if (CelRuntime.TypeOf(expected) != CelRuntime.TypeOf(actual))
            {
                return false;
            }

            if (expected is double e && actual is double a && double.IsNaN(e))
            {
                return double.IsNaN(a);
            }

            if (expected is double d && d == 0 && actual is double z)
            {
                return double.IsNegative(d) == double.IsNegative(z);
            }

            return CelRuntime.Equal(expected, actual);
        }
    }
}
