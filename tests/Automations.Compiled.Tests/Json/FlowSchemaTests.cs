using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace Automations.Compiled.Tests.Json
{
    /// <summary>
    /// flow.schema.json, the JSON Schema editors use for <c>*.flow.json</c> files: it is well formed, it accepts the
    /// samples of every feature of docs/json-flows.md, it rejects the invalid samples at the expected place, and every
    /// flow file in the repository matches it.
    /// </summary>
    public class FlowSchemaTests
    {
        private const string PublishedId = "https://raw.githubusercontent.com/automations-compiled/automations-compiled/main/src/Automations.Compiled/schema/flow.schema.json";
        private const string ExpectPrefix = "// expect:";

        /// <summary>Flow files may hold comments and trailing commas.</summary>
        private static readonly JsonDocumentOptions FlowOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

        private static readonly string RepositoryRoot = FindRepositoryRoot();
        private static readonly string SchemaPath = Path.Combine(RepositoryRoot, "src", "Automations.Compiled", "schema", "flow.schema.json");
        private static readonly string SamplesPath = Path.Combine(RepositoryRoot, "tests", "Automations.Compiled.Tests", "Json", "Samples");

        public static TheoryData<string> ValidSamples() => Samples("valid");

        public static TheoryData<string> InvalidSamples() => Samples("invalid");

        [Fact]
        public void Schema_is_plain_json_declaring_draft_2020_12_and_its_published_id()
        {
            // Default options: no comments, no trailing commas, so every JSON tool can read the schema.
            using var schema = JsonDocument.Parse(File.ReadAllText(SchemaPath));

            Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema.RootElement.GetProperty("$schema").GetString());
            Assert.Equal(PublishedId, schema.RootElement.GetProperty("$id").GetString());
        }

        [Fact]
        public void Schema_uses_only_supported_keywords_and_every_ref_resolves()
        {
            using var schema = LoadSchema();

            var exception = Record.Exception(() => new SchemaValidator(schema.RootElement));

            Assert.Null(exception);
        }

        [Fact]
        public void Validator_refuses_a_schema_with_a_keyword_it_does_not_know()
        {
            using var schema = JsonDocument.Parse("""{"type": "object", "properties": {"roles": {"type": "array", "uniqueItems": true}}}""");

            var exception = Assert.Throws<NotSupportedException>(() => new SchemaValidator(schema.RootElement));

            Assert.Contains("'uniqueItems' at '/properties/roles'", exception.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Validator_refuses_a_ref_that_does_not_resolve()
        {
            using var schema = JsonDocument.Parse("""{"$defs": {"step": {"type": "object"}}, "items": {"$ref": "#/$defs/stpe"}}""");

            var exception = Assert.Throws<NotSupportedException>(() => new SchemaValidator(schema.RootElement));

            Assert.Contains("#/$defs/stpe", exception.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Every_definition_is_used()
        {
            using var schema = LoadSchema();
            var references = Subschemas(schema.RootElement)
                .Where(s => s.Schema.ValueKind == JsonValueKind.Object && s.Schema.TryGetProperty("$ref", out _))
                .Select(s => s.Schema.GetProperty("$ref").GetString())
                .ToHashSet(StringComparer.Ordinal);

            var unused = schema.RootElement.GetProperty("$defs").EnumerateObject()
                .Select(d => "#/$defs/" + d.Name)
                .Where(reference => !references.Contains(reference))
                .ToList();

            Assert.Empty(unused);
        }

        [Fact]
        public void Every_object_shape_says_what_other_properties_it_allows()
        {
            // additionalProperties: false (or a schema for maps such as inputs) on every object, so typos are flagged.
            using var schema = LoadSchema();

            var open = Subschemas(schema.RootElement)
                .Where(s => !s.Pointer.EndsWith("/if", StringComparison.Ordinal) && IsObjectShape(s.Schema) && !s.Schema.TryGetProperty("additionalProperties", out _))
                .Select(s => s.Pointer)
                .ToList();

            Assert.Empty(open);
        }

        [Fact]
        public void Every_property_has_a_description()
        {
            using var schema = LoadSchema();
            var definitions = schema.RootElement.GetProperty("$defs");

            var undocumented = Subschemas(schema.RootElement)
                .Where(s => IsObjectShape(s.Schema) && s.Schema.TryGetProperty("properties", out _))
                .SelectMany(s => s.Schema.GetProperty("properties").EnumerateObject().Select(p => (Pointer: s.Pointer + "/properties/" + p.Name, Property: p.Value)))
                .Where(p => !HasDescription(p.Property, definitions))
                .Select(p => p.Pointer)
                .ToList();

            Assert.Empty(undocumented);
        }

        [Fact]
        public void Every_step_type_and_trigger_type_has_its_own_rule()
        {
            using var schema = LoadSchema();
            var definitions = schema.RootElement.GetProperty("$defs");

            foreach (var name in new[] { "step", "trigger" })
            {
                var definition = definitions.GetProperty(name);
                var types = definition.GetProperty("properties").GetProperty("type").GetProperty("enum").EnumerateArray().Select(t => t.GetString()).ToList();
                var ruled = definition.GetProperty("allOf").EnumerateArray()
                    .Select(rule => rule.GetProperty("if").GetProperty("properties").GetProperty("type").GetProperty("const").GetString())
                    .ToList();

                Assert.Equal(types, ruled);
            }
        }

        [Theory]
        [MemberData(nameof(ValidSamples))]
        public void Valid_sample_matches_the_schema(string sample)
        {
            var path = Path.Combine(SamplesPath, "valid", sample);
            using var flow = JsonDocument.Parse(File.ReadAllText(path), FlowOptions);

            var errors = Validator().Validate(flow.RootElement);

            FailOnErrors(errors);
            var schemaReference = flow.RootElement.GetProperty("$schema").GetString()!;
            Assert.False(Path.IsPathRooted(schemaReference), $"$schema should be a relative path, not '{schemaReference}'");
            Assert.Equal(SchemaPath, Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, schemaReference)));
        }

        [Theory]
        [MemberData(nameof(InvalidSamples))]
        public void Invalid_sample_fails_at_the_expected_pointer(string sample)
        {
            var text = File.ReadAllText(Path.Combine(SamplesPath, "invalid", sample));
            var firstLine = text.Split('\n')[0].Trim();
            Assert.StartsWith(ExpectPrefix, firstLine, StringComparison.Ordinal);
            var expected = firstLine.Substring(ExpectPrefix.Length).Trim();
            expected = expected == "(root)" ? "" : expected;
            using var flow = JsonDocument.Parse(text, FlowOptions);

            var errors = Validator().Validate(flow.RootElement);

            var report = string.Join(Environment.NewLine, errors);
            Assert.True(errors.Any(e => e.Pointer == expected), $"expected an error at '{expected}', got:{Environment.NewLine}{report}");
            // Each invalid sample has one defect: nothing is reported outside the expected place.
            Assert.True(errors.All(e => e.Pointer == expected || e.Pointer.StartsWith(expected + "/", StringComparison.Ordinal)), $"errors outside '{expected}':{Environment.NewLine}{report}");
        }

        [Fact]
        public void Valid_samples_cover_every_step_type_endpoint_trigger_and_on_error()
        {
            using var schema = LoadSchema();
            var definitions = schema.RootElement.GetProperty("$defs");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var sample in SampleNames("valid"))
            {
                using var flow = JsonDocument.Parse(File.ReadAllText(Path.Combine(SamplesPath, "valid", sample)), FlowOptions);
                CollectFeatures(flow.RootElement, seen);
            }

            var expected = new List<string>();
            expected.AddRange(Enum(definitions.GetProperty("step").GetProperty("properties").GetProperty("type")).Select(t => "step:" + t));
            expected.AddRange(definitions.GetProperty("endpoints").GetProperty("properties").EnumerateObject().Select(e => "endpoint:" + e.Name));
            expected.AddRange(Enum(definitions.GetProperty("trigger").GetProperty("properties").GetProperty("type")).Select(t => "trigger:" + t));
            expected.AddRange(Enum(definitions.GetProperty("step").GetProperty("properties").GetProperty("onError")).Select(o => "onError:" + o));
            expected.AddRange(new[]
            {
                "goto", "standalone:step", "standalone:scope", "value:$expr", "value:$secret", "value:interpolated", "value:constant",
                "retry", "compensation", "variable:default",
            });

            var missing = expected.Where(feature => !seen.Contains(feature)).ToList();
            Assert.Empty(missing);
        }

        [Fact]
        public void Every_flow_file_in_the_repository_matches_the_schema()
        {
            var validator = Validator();
            var failures = new List<string>();

            foreach (var path in FlowFiles())
            {
                using var flow = JsonDocument.Parse(File.ReadAllText(path), FlowOptions);
                failures.AddRange(validator.Validate(flow.RootElement).Select(e => $"{Path.GetRelativePath(RepositoryRoot, path)}: {e}"));
            }

            Assert.Empty(failures);
        }

        [Fact]
        public void Flow_files_are_found_outside_build_output_and_invalid_samples()
        {
            // The search above must see nested folders and skip bin/, obj/ and the invalid samples.
            Assert.True(IsCheckedFlowFile(Path.Combine(RepositoryRoot, "src", "Samples", "Orders", "flows", "order.flow.json")));
            Assert.False(IsCheckedFlowFile(Path.Combine(RepositoryRoot, "tests", "Automations.Compiled.Tests", "bin", "Release", "order.flow.json")));
            Assert.False(IsCheckedFlowFile(Path.Combine(RepositoryRoot, "src", "Samples", "Orders", "obj", "order.flow.json")));
            Assert.False(IsCheckedFlowFile(Path.Combine(SamplesPath, "invalid", "bad.flow.json")));
            Assert.False(IsCheckedFlowFile(Path.Combine(RepositoryRoot, "tests", "Automations.Compiled.Generators.Tests", "Rules", "Cases", "AUTO2007.goto-loop.flow.json")));
            Assert.True(IsCheckedFlowFile(Path.Combine(RepositoryRoot, "tests", "Automations.Compiled.Generators.Tests", "ValidCorpus", "invoice-approval.flow.json")));
            Assert.False(IsCheckedFlowFile(Path.Combine(RepositoryRoot, "tests", "BrokenFlows", "flows", "not-json.flow.json")));
        }

        [Theory]
        [InlineData("json-flows.md")]
        [InlineData("ai-steps.md")]
        public void The_examples_in_the_docs_match_the_schema(string page)
        {
            var markdown = File.ReadAllText(Path.Combine(RepositoryRoot, "src", "Automations.Compiled", "docs", page));
            var examples = Regex.Matches(markdown, "```jsonc?\\r?\\n(.*?)```", RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToList();
            Assert.NotEmpty(examples);

            foreach (var example in examples)
            {
                using var flow = JsonDocument.Parse(example, FlowOptions);
                FailOnErrors(Validator().Validate(flow.RootElement));
            }
        }

        private static void FailOnErrors(IReadOnlyList<SchemaValidator.SchemaError> errors)
        {
            if (errors.Count > 0)
            {
                Assert.Fail(string.Join(Environment.NewLine, errors));
            }
        }

        private static void CollectFeatures(JsonElement flow, HashSet<string> seen)
        {
            if (flow.TryGetProperty("trigger", out var trigger))
            {
                seen.Add("trigger:" + trigger.GetProperty("type").GetString());
            }
            if (flow.TryGetProperty("variables", out var variables))
            {
                foreach (var variable in variables.EnumerateObject())
                {
                    if (variable.Value.ValueKind == JsonValueKind.Object && variable.Value.TryGetProperty("default", out _))
                    {
                        seen.Add("variable:default");
                    }
                }
            }
            if (flow.TryGetProperty("steps", out var steps))
            {
                CollectSteps(steps, seen);
            }
            if (flow.TryGetProperty("standalone", out var standalone))
            {
                foreach (var scope in standalone.EnumerateArray())
                {
                    if (scope.ValueKind == JsonValueKind.Array)
                    {
                        seen.Add("standalone:scope");
                        CollectSteps(scope, seen);
                    }
                    else
                    {
                        seen.Add("standalone:step");
                        CollectStep(scope, seen);
                    }
                }
            }
        }

        private static void CollectSteps(JsonElement steps, HashSet<string> seen)
        {
            foreach (var step in steps.EnumerateArray())
            {
                CollectStep(step, seen);
            }
        }

        private static void CollectStep(JsonElement step, HashSet<string> seen)
        {
            seen.Add("step:" + step.GetProperty("type").GetString());
            foreach (var property in step.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "onError":
                        seen.Add("onError:" + property.Value.GetString());
                        break;
                    case "retry":
                    case "compensation":
                        seen.Add(property.Name);
                        break;
                    case "inputs":
                    case "input":
                    case "filter":
                    case "fields":
                    case "recordId":
                        CollectValue(property.Value, seen, topLevel: property.Name == "input" || property.Name == "recordId");
                        break;
                    case "endpoints":
                        foreach (var endpoint in property.Value.EnumerateObject())
                        {
                            seen.Add("endpoint:" + endpoint.Name);
                            if (endpoint.Name == "branches")
                            {
                                foreach (var branch in endpoint.Value.EnumerateObject())
                                {
                                    CollectSteps(branch.Value, seen);
                                }
                            }
                            else if (endpoint.Value.ValueKind == JsonValueKind.Array)
                            {
                                CollectSteps(endpoint.Value, seen);
                            }
                            else
                            {
                                seen.Add("goto");
                            }
                        }
                        break;
                }
            }
        }

        /// <summary>Records the kinds of values in a value (or, when not top-level, in an object of named values).</summary>
        private static void CollectValue(JsonElement value, HashSet<string> seen, bool topLevel)
        {
            if (!topLevel)
            {
                foreach (var member in value.EnumerateObject())
                {
                    CollectValue(member.Value, seen, topLevel: true);
                }
                return;
            }
            if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("$expr", out _))
            {
                seen.Add("value:$expr");
            }
            else if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("$secret", out _))
            {
                seen.Add("value:$secret");
            }
            else if (value.ValueKind == JsonValueKind.String && value.GetString()!.Contains("{!", StringComparison.Ordinal))
            {
                seen.Add("value:interpolated");
            }
            else
            {
                seen.Add("value:constant");
            }
        }

        private static IEnumerable<string> FlowFiles() =>
            new[] { "src", "tests" }
                .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(RepositoryRoot, folder), "*.flow.json", SearchOption.AllDirectories))
                .Where(IsCheckedFlowFile)
                .OrderBy(path => path, StringComparer.Ordinal);

        private static bool IsCheckedFlowFile(string path)
        {
            var relative = Path.GetRelativePath(RepositoryRoot, path).Replace('\\', '/');
            var segments = relative.Split('/');
            return path.EndsWith(".flow.json", StringComparison.Ordinal)
                && (segments[0] == "src" || segments[0] == "tests")
                && !segments.Contains("bin")
                && !segments.Contains("obj")
                && !relative.StartsWith("tests/Automations.Compiled.Tests/Json/Samples/invalid/", StringComparison.Ordinal)
                // Broken on purpose: analyzer rule cases (with [| |] span markers) and the project whose build must fail.
                && !relative.StartsWith("tests/Automations.Compiled.Generators.Tests/Rules/Cases/", StringComparison.Ordinal)
                && !relative.StartsWith("tests/BrokenFlows/", StringComparison.Ordinal);
        }

        private static TheoryData<string> Samples(string kind) => new(SampleNames(kind));

        private static List<string> SampleNames(string kind) =>
            Directory.EnumerateFiles(Path.Combine(SamplesPath, kind), "*.sample.json")
                .Select(path => Path.GetFileName(path))
                .OrderBy(name => name, StringComparer.Ordinal)
                .ToList();

        private static JsonDocument LoadSchema() => JsonDocument.Parse(File.ReadAllText(SchemaPath));

        private static SchemaValidator Validator()
        {
            using var schema = LoadSchema();
            return new SchemaValidator(schema.RootElement);
        }

        private static IEnumerable<string?> Enum(JsonElement schema) => schema.GetProperty("enum").EnumerateArray().Select(e => e.GetString());

        private static bool IsObjectShape(JsonElement schema) =>
            schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "object";

        private static bool HasDescription(JsonElement property, JsonElement definitions)
        {
            if (property.ValueKind != JsonValueKind.Object)
            {
                return false;
            }
            if (property.TryGetProperty("description", out _))
            {
                return true;
            }
            return property.TryGetProperty("$ref", out var reference)
                && definitions.TryGetProperty(reference.GetString()!.Substring("#/$defs/".Length), out var target)
                && target.TryGetProperty("description", out _);
        }

        /// <summary>Every schema inside the schema, with its JSON pointer.</summary>
        private static IEnumerable<(string Pointer, JsonElement Schema)> Subschemas(JsonElement schema, string pointer = "")
        {
            yield return (pointer, schema);
            if (schema.ValueKind != JsonValueKind.Object)
            {
                yield break;
            }
            foreach (var keyword in schema.EnumerateObject())
            {
                var here = pointer + "/" + SchemaValidator.Escape(keyword.Name);
                var children = keyword.Name switch
                {
                    "$defs" or "properties" => keyword.Value.EnumerateObject().Select(m => (here + "/" + SchemaValidator.Escape(m.Name), m.Value)),
                    "allOf" or "anyOf" or "oneOf" => keyword.Value.EnumerateArray().Select((s, i) => (here + "/" + i, s)),
                    "additionalProperties" or "propertyNames" or "items" or "if" or "then" or "else" => new[] { (here, keyword.Value) },
                    _ => Enumerable.Empty<(string, JsonElement)>(),
                };
                foreach (var (childPointer, child) in children)
                {
                    foreach (var nested in Subschemas(child, childPointer))
                    {
                        yield return nested;
                    }
                }
            }
        }

        private static string FindRepositoryRoot()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Automations.Compiled.sln")))
                {
                    return directory.FullName;
                }
            }
            throw new InvalidOperationException($"No Automations.Compiled.sln above {AppContext.BaseDirectory}.");
        }
    }
}
