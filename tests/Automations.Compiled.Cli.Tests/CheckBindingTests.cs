using System;
using System.IO;
using System.Linq;
using System.Security;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace Automations.Compiled.Cli.Tests
{
    /// <summary>
    /// <c>flow check</c> binds each JSON flow to the <c>[FlowAction]</c>s of the project that owns it, building the project
    /// when its assembly is out of date; to the built-in actions when no project owns the file; to none with --no-bind.
    /// One small project (<see cref="MailProject"/>) is built once for the class, by the first check.
    /// </summary>
    public sealed class CheckBindingTests : IClassFixture<CheckBindingTests.MailProject>
    {
        private readonly MailProject _project;

        public CheckBindingTests(MailProject project) => _project = project;

        [Fact]
        public async Task A_misspelt_action_outside_any_project_is_AUTO1101_with_the_closest_built_in()
        {
            using var work = new Workspace();
            work.Write("greet.flow.json", Flow("lgo", """{ "message": "hi" }"""));

            var result = await FlowTool.RunAsync(work.Path, "check", "greet.flow.json");

            Assert.True(result.ExitCode == 1, result.ToString());
            var lines = Lines(result.Out);
            Assert.Equal("greet.flow.json(4,51): error AUTO1101: No [FlowAction(\"lgo\")] in this project; did you mean 'log'?", lines[0]);
            Assert.Equal("Actions bound to the built-in actions only: no project owns greet.flow.json; pass --actions <dll> or --project <csproj> to bind to yours.", lines[1]);
            Assert.Equal("1 file checked: 1 error, 0 warnings.", lines[^1]);
        }

        [Fact]
        public void The_first_check_builds_the_project_that_owns_the_flow_and_binds_to_its_actions()
        {
            var result = _project.FirstCheck;

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("Building Mail.csproj to read its [FlowAction]s...", result.Error);
            Assert.True(File.Exists(_project.Assembly), result.ToString());
            using var document = JsonDocument.Parse(result.Out);
            var binding = Assert.Single(document.RootElement.GetProperty("bindings").EnumerateArray());
            Assert.Equal("flows/welcome.flow.json", binding.GetProperty("file").GetString());
            Assert.Equal("project", binding.GetProperty("boundTo").GetString());
            Assert.Equal("Mail.csproj", binding.GetProperty("project").GetString());
            Assert.Equal("bin/Debug/net10.0/Mail.dll", binding.GetProperty("assembly").GetString());
            Assert.True(document.RootElement.GetProperty("actionsChecked").GetBoolean());
            Assert.Equal(0, document.RootElement.GetProperty("errors").GetInt32());
        }

        [Fact]
        public async Task A_misspelt_project_action_is_AUTO1101_with_the_closest_project_action()
        {
            _project.Work.Write("flows/misspelt.flow.json", Flow("send-emial", """{ "to": "ann@example.com", "subject": "hi" }"""));

            var result = await FlowTool.RunAsync(_project.Work.Path, "check", "flows/misspelt.flow.json");

            Assert.True(result.ExitCode == 1, result.ToString());
            var lines = Lines(result.Out);
            Assert.Equal("flows/misspelt.flow.json(4,51): error AUTO1101: No [FlowAction(\"send-emial\")] in this project; did you mean 'send-email'?", lines[0]);
            Assert.Equal("1 file checked: 1 error, 0 warnings.", lines[^1]);
        }

        [Fact]
        public async Task Wrong_inputs_of_a_project_action_are_the_errors_a_build_gives()
        {
            _project.Work.Write("flows/inputs.flow.json", Flow("send-email", """{ "to": "ann@example.com", "subjet": "hi", "priority": "high" }"""));

            var result = await FlowTool.RunAsync(_project.Work.Path, "check", "flows/inputs.flow.json");

            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.Equal(
                new[]
                {
                    "flows/inputs.flow.json(4,51): error AUTO1103: Step 'notify' does not give action 'send-email' its input 'subject' (string); add it to \"inputs\"",
                    "flows/inputs.flow.json(4,102): error AUTO1102: Action 'send-email' has no input 'subjet'; did you mean 'subject'?; its inputs are: to, subject, priority",
                    "flows/inputs.flow.json(4,130): error AUTO1104: Input 'priority' of action 'send-email' is int: a string does not convert to it (cannot convert string to int; convert the value in the expression (int(), string(), ...) or change the target type); write a value of that type, or {\"$expr\": ...}",
                    "1 file checked: 3 errors, 0 warnings.",
                },
                Lines(result.Out));
        }

        [Fact]
        public async Task No_bind_skips_the_bindings_and_the_build_and_says_so()
        {
            _project.Work.Write("flows/unbound.flow.json", Flow("send-emial", """{ "to": "ann@example.com" }"""));
            File.SetLastWriteTimeUtc(_project.Work.File("Actions.cs"), DateTime.UtcNow.AddMinutes(1));
            try
            {
                var result = await FlowTool.RunAsync(_project.Work.Path, "check", "flows/unbound.flow.json", "--no-bind");

                Assert.True(result.ExitCode == 0, result.ToString());
                Assert.Contains("Action bindings not checked (AUTO1101-AUTO1104): --no-bind skips them", result.Out);
                Assert.EndsWith("1 file checked: 0 errors, 0 warnings.", result.Out.Trim());
                Assert.DoesNotContain("Building", result.Error);
            }
            finally
            {
                // The other tests' checks would rebuild for a source "from the future".
                File.SetLastWriteTimeUtc(_project.Work.File("Actions.cs"), File.GetLastWriteTimeUtc(_project.Assembly).AddMinutes(-1));
            }
        }

        [Fact]
        public async Task An_up_to_date_assembly_is_not_rebuilt()
        {
            _project.Work.Write("flows/again.flow.json", Flow("send-email", """{ "to": "ann@example.com", "subject": "again" }"""));
            await EnsureBuiltAsync();
            var built = File.GetLastWriteTimeUtc(_project.Assembly);

            var result = await FlowTool.RunAsync(_project.Work.Path, "check", "flows/again.flow.json");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.DoesNotContain("Building", result.Error);
            Assert.Equal(built, File.GetLastWriteTimeUtc(_project.Assembly));
        }

        [Fact]
        public async Task An_action_added_to_the_sources_is_seen_after_a_rebuild()
        {
            _project.Work.Write("Archive.cs", """
                namespace Mail
                {
                    public static class Archive
                    {
                        [global::Automations.Compiled.FlowAction("archive")]
                        public static void Store(string folder) { }
                    }
                }
                """);
            _project.Work.Write("flows/archive.flow.json", Flow("archive", """{ "folder": "sent" }"""));

            var result = await FlowTool.RunAsync(_project.Work.Path, "check", "flows/archive.flow.json");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("Building Mail.csproj", result.Error);
        }

        [Fact]
        public async Task Two_projects_in_one_folder_are_a_usage_error_that_names_them()
        {
            using var work = new Workspace();
            work.Write("A.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
            work.Write("B.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
            Directory.CreateDirectory(work.File("flows"));
            work.Write("flows/greet.flow.json", Flow("log", """{ "message": "hi" }"""));

            await UsageError.AssertAsync(work, new[] { "check", "flows/greet.flow.json" },
                "'flows/greet.flow.json' belongs to one of the 2 projects in the current folder (A.csproj, B.csproj): pass --project <csproj> to say which project's [FlowAction]s it binds to, or --actions <assembly.dll>.");
        }

        [Fact]
        public async Task The_project_named_with_project_binds_flows_outside_it()
        {
            using var work = new Workspace();
            work.Write("welcome.flow.json", Flow("send-email", """{ "to": "ann@example.com", "subject": "hi" }"""));

            var result = await FlowTool.RunAsync(work.Path, "check", "welcome.flow.json", "--project", _project.Work.File("Mail.csproj"), "--json");

            Assert.True(result.ExitCode == 0, result.ToString());
            using var document = JsonDocument.Parse(result.Out);
            var binding = Assert.Single(document.RootElement.GetProperty("bindings").EnumerateArray());
            Assert.Equal("project", binding.GetProperty("boundTo").GetString());
            Assert.Equal(_project.Assembly, binding.GetProperty("assembly").GetString());
            Assert.Empty(document.RootElement.GetProperty("notes").EnumerateArray());
        }

        [Fact]
        public async Task A_project_that_does_not_build_is_one_error_and_its_build_errors_in_the_flow_are_shown()
        {
            // The analyzers in the build report the misspelt action and fail it: there is no assembly to bind to.
            using var work = new Workspace();
            MailProject.WriteProject(work, "Broken", withAnalyzers: true);
            work.Write("order.flow.json", Flow("send-emial", """{ "to": "ann@example.com", "subject": "hi" }"""));

            var result = await FlowTool.RunAsync(work.Path, "check", "order.flow.json");

            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.Equal(
                new[]
                {
                    "order.flow.json(4,51): error AUTO1101: No [FlowAction(\"send-emial\")] in this project; did you mean 'send-email'?",
                    "Broken.csproj(1,1): error BUILD: dotnet build failed, so the flows it owns were checked without binding their actions (AUTO1101-AUTO1104); run 'dotnet build Broken.csproj' to see why.",
                    "1 file checked: 2 errors, 0 warnings.",
                },
                Lines(result.Out));
        }

        /// <summary>A flow of one action step, <c>notify</c>, calling <paramref name="action"/> with <paramref name="inputs"/> (the action name at column 51 of line 4).</summary>
        private static string Flow(string action, string inputs) => $$"""
            {
              "id": "{{action}}-flow",
              "steps": [
                { "id": "notify", "type": "action", "action": "{{action}}", "inputs": {{inputs}} }
              ]
            }
            """;

        private static string[] Lines(string text) => text.Trim().Split('\n').Select(l => l.TrimEnd()).ToArray();

        /// <summary>Builds the project again if a test changed its sources, so a test may rely on an up-to-date assembly.</summary>
        private async Task EnsureBuiltAsync()
        {
            var result = await FlowTool.RunAsync(_project.Work.Path, "check", "flows/welcome.flow.json");
            Assert.True(result.ExitCode == 0, result.ToString());
        }

        /// <summary>
        /// A project (<c>Mail.csproj</c>) with <c>[FlowAction("send-email")]</c>, referencing the runtime the tool was built
        /// with, and a flow that uses the action; the first check of that flow builds it.
        /// </summary>
        public sealed class MailProject : IAsyncLifetime
        {
            internal Workspace Work { get; } = new();

            /// <summary>What the first <c>flow check --json</c> of <c>flows/welcome.flow.json</c> printed.</summary>
            internal ToolResult FirstCheck { get; private set; } = new(-1, "", "");

            /// <summary>Where MSBuild writes the project's assembly.</summary>
            internal string Assembly => Work.File("bin/Debug/net10.0/Mail.dll");

            public async Task InitializeAsync()
            {
                WriteProject(Work, "Mail", withAnalyzers: false);
                Directory.CreateDirectory(Work.File("flows"));
                Work.Write("flows/welcome.flow.json", Flow("send-email", """{ "to": "ann@example.com", "subject": "Welcome" }"""));
                FirstCheck = await FlowTool.RunAsync(Work.Path, "check", "flows/welcome.flow.json", "--json");
            }

            public Task DisposeAsync()
            {
                Work.Dispose();
                return Task.CompletedTask;
            }

            /// <summary>
            /// Writes <c><paramref name="name"/>.csproj</c> and its <c>send-email</c> action into <paramref name="work"/>;
            /// with <paramref name="withAnalyzers"/> the build runs the analyzers on its <c>*.flow.json</c>, as the package's does.
            /// </summary>
            internal static void WriteProject(Workspace work, string name, bool withAnalyzers)
            {
                // Nothing from the folders above may shape this build.
                work.Write("Directory.Build.props", "<Project />\n");
                work.Write("Directory.Build.targets", "<Project />\n");
                var tool = Path.GetDirectoryName(FlowTool.Dll)!;
                var runtime = Path.Combine(tool, "Automations.Compiled.dll");
                var configuration = Path.GetFileName(Path.GetDirectoryName(tool))!;
                var analyzers = Path.GetFullPath(Path.Combine(tool, "..", "..", "..", "..", "..", "analyzers", "Automations.Compiled.Analyzers", "bin", configuration, "netstandard2.0", "Automations.Compiled.Analyzers.dll"));
                Assert.True(!withAnalyzers || File.Exists(analyzers), $"the analyzers are not built at {analyzers}");
                var analyzerItems = withAnalyzers
                    ? $"""
                        <Analyzer Include="{SecurityElement.Escape(analyzers)}" />
                        <AdditionalFiles Include="**/*.flow.json" />
                    """
                    : "";
                work.Write(name + ".csproj", $"""
                    <Project Sdk="Microsoft.NET.Sdk">
                      <PropertyGroup>
                        <TargetFramework>net10.0</TargetFramework>
                        <Nullable>enable</Nullable>
                      </PropertyGroup>
                      <ItemGroup>
                        <Reference Include="{SecurityElement.Escape(runtime)}" />
                    {analyzerItems}
                      </ItemGroup>
                    </Project>
                    """);
                work.Write("Actions.cs", """
                    namespace Mail
                    {
                        public static class Messages
                        {
                            [global::Automations.Compiled.FlowAction("send-email")]
                            public static void Send(string to, string subject, long priority = 1) { }
                        }
                    }
                    """);
            }
        }
    }
}
