using System.Linq;
using Xunit;

namespace Automations.Compiled.Package.Tests
{
    /// <summary>The reading of build output that <see cref="BuildDiagnosticsTests"/> relies on, on a fixed sample (no build).</summary>
    [Trait("Category", "Package")]
    public sealed class BuildLogTests
    {
        private const string Project = "/tmp/work/broken-flows";

        private const string Output = """
              Determining projects to restore...
            /tmp/work/broken-flows/flows/order.flow.json(12,17): error AUTO1101: No [FlowAction("x")] in this project (https://example/AUTO1101.md) [/tmp/work/broken-flows/BrokenFlows.csproj]
            /tmp/work/broken-flows/Flow.cs(3,5): error AUTO2001: Goto target 'a' is not a step of flow 'f' [/tmp/work/broken-flows/BrokenFlows.csproj]
            /tmp/work/broken-flows/Flow.cs(3,5): error AUTO2001: Goto target 'a' is not a step of flow 'f' [/tmp/work/broken-flows/BrokenFlows.csproj]
            CSC : error AD0001: Analyzer 'X' threw an exception of type 'System.Exception' [/tmp/work/broken-flows/BrokenFlows.csproj]
            /usr/share/dotnet/sdk/Microsoft.Common.targets(10,3): warning MSB3277: Found conflicts [/tmp/work/broken-flows/BrokenFlows.csproj]

            Build FAILED.

            /tmp/work/broken-flows/flows/order.flow.json(12,17): error AUTO1101: No [FlowAction("x")] in this project (https://example/AUTO1101.md) [/tmp/work/broken-flows/BrokenFlows.csproj]
                1 Warning(s)
                4 Error(s)

            Time Elapsed 00:00:05.12
            """;

        [Fact]
        public void Diagnostics_while_building_are_kept_apart_from_the_summary_with_paths_relative_to_the_project()
        {
            var log = BuildLog.Parse(Output, Project);

            Assert.Equal(
                new[]
                {
                    "flows/order.flow.json(12,17): error AUTO1101",
                    "Flow.cs(3,5): error AUTO2001",
                    "Flow.cs(3,5): error AUTO2001",
                    "CSC: error AD0001",
                    "/usr/share/dotnet/sdk/Microsoft.Common.targets(10,3): warning MSB3277",
                },
                log.Live.Select(d => d.Key));
            Assert.Equal("No [FlowAction(\"x\")] in this project (https://example/AUTO1101.md)", log.Live[0].Message);
            Assert.True(log.HasSummary);
            Assert.Equal("flows/order.flow.json(12,17): error AUTO1101", Assert.Single(log.Summary).Key);
            Assert.Equal(4, log.ErrorCount);
        }

        [Fact]
        public void Lines_that_are_not_diagnostics_are_ignored()
        {
            var log = BuildLog.Parse("  BrokenFlows -> /tmp/x/bin/BrokenFlows.dll\nBuild succeeded.\n    0 Error(s)\n", Project);

            Assert.Empty(log.Live);
            Assert.False(log.HasSummary);
            Assert.Null(log.ErrorCount);
        }
    }
}
