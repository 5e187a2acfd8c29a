using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using Automations.Compiled.Json;
using Automations.Compiled.Tests.Json;
using Automations.Compiled.Validation;
using Xunit;

namespace Automations.Compiled.Tests.Lifecycle
{
    /// <summary>
    /// lifecycle.schema.json, what editors use for <c>*.lifecycle.json</c> files: it is well formed, every template file
    /// of the repository matches it, and what it refuses the JSON front end refuses too (the build is the authority).
    /// </summary>
    public class LifecycleSchemaTests
    {
        private static readonly string RepositoryRoot = FindRepositoryRoot();
        private static readonly string SchemaPath = Path.Combine(RepositoryRoot, "src", "Automations.Compiled", "schema", "lifecycle.schema.json");

        private const string Valid = """
            {
              "lifecycle": "ticket",
              "entity": "Shop.Ticket",
              "states": ["Open", "Working", { "name": "Closed", "final": true }],
              "actions": [
                { "name": "Open", "transit": "Working", "to": "Open" },
                { "name": "Close", "from": "Open", "transit": "Working", "to": "Closed", "access": "Manager", "priority": 2, "note": "done" }
              ]
            }
            """;

        private static SchemaValidator Validator()
        {
            using var schema = JsonDocument.Parse(File.ReadAllText(SchemaPath));
            return new SchemaValidator(schema.RootElement.Clone());
        }

        [Fact]
        public void Schema_is_plain_json_with_its_published_id_and_our_validator_understands_every_keyword()
        {
            using var schema = JsonDocument.Parse(File.ReadAllText(SchemaPath));

            Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema.RootElement.GetProperty("$schema").GetString());
            Assert.EndsWith("/src/Automations.Compiled/schema/lifecycle.schema.json", schema.RootElement.GetProperty("$id").GetString(), StringComparison.Ordinal);
            Assert.Null(Record.Exception(Validator));
        }

        [Fact]
        public void Every_lifecycle_file_in_the_repository_matches_the_schema_and_compiles_without_errors()
        {
            var files = Directory.EnumerateFiles(RepositoryRoot, "*.lifecycle.json", SearchOption.AllDirectories)
                .Where(p => !p.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar) && !p.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar))
                .Where(p => !p.Contains("Rules" + Path.DirectorySeparatorChar + "Cases", StringComparison.Ordinal) && !p.Contains(Path.DirectorySeparatorChar + "invalid" + Path.DirectorySeparatorChar))
                .ToList();
            Assert.NotEmpty(files);
            var validator = Validator();

            foreach (var path in files)
            {
                using var document = JsonDocument.Parse(File.ReadAllText(path));
                Assert.Empty(validator.Validate(document.RootElement).Select(e => $"{path}: {e}"));
                var model = LifecycleJsonReader.Compile(path, File.ReadAllText(path), "Root", CancellationToken.None);
                Assert.Empty(LifecycleValidator.Validate(model).Where(d => d.Severity == FlowSeverity.Error).Select(d => d.ToString()));
            }
        }

        [Theory]
        [InlineData("""{"name": "Open", "transit": "Working", "to": "Open"}""", "/actions/0", null)]
        [InlineData("""{"name": "Open", "to": "Open"}""", "/actions/0", "AUTO6002")]
        [InlineData("""{"transit": "Working", "to": "Open"}""", "/actions/0", "AUTO1004")]
        [InlineData("""{"name": "Open", "transit": "Working", "to": "Open", "access": "Admin"}""", "/actions/0/access", "AUTO1007")]
        [InlineData("""{"name": "Open", "transit": "Working", "to": "Open", "priority": "high"}""", "/actions/0/priority", "AUTO1003")]
        [InlineData("""{"name": "Open", "transit": "Working", "to": "Open", "colour": "red"}""", "/actions/0", "AUTO1002")]
        public void The_schema_and_the_front_end_agree_on_an_action(string action, string pointer, string? diagnostic)
        {
            var text = $$"""{"lifecycle": "ticket", "entity": "Shop.Ticket", "states": ["Open", "Working"], "actions": [{{action}}]}""";
            using var document = JsonDocument.Parse(text);

            var schemaErrors = Validator().Validate(document.RootElement);
            var model = LifecycleJsonReader.Compile("ticket.lifecycle.json", text, "Shop", CancellationToken.None);
            var errors = LifecycleValidator.Validate(model).Where(d => d.Severity == FlowSeverity.Error).ToList();

            if (diagnostic is null)
            {
                Assert.Empty(schemaErrors);
                Assert.Empty(errors);
            }
            else
            {
                Assert.Contains(schemaErrors, e => e.Pointer.StartsWith(pointer, StringComparison.Ordinal));
                Assert.Contains(errors, d => d.Id == diagnostic);
            }
        }

        [Fact]
        public void The_valid_sample_matches_the_schema()
        {
            using var document = JsonDocument.Parse(Valid);
            Assert.Empty(Validator().Validate(document.RootElement));
            var model = LifecycleJsonReader.Compile("ticket.lifecycle.json", Valid, "Shop", CancellationToken.None);
            Assert.Empty(LifecycleValidator.Validate(model));
            Assert.Equal(("ticket", "TicketLifecycle", "global::Shop.Ticket", "Shop"), (model.Id, model.TypeName, model.EntityType, model.Namespace));
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
