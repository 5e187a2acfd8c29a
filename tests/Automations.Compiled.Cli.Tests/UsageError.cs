using System.Threading.Tasks;
using Xunit;

namespace Automations.Compiled.Cli.Tests
{
    /// <summary>The usage-error contract every command keeps: exit 2, one message on stderr, nothing on stdout, no stack trace.</summary>
    internal static class UsageError
    {
        public static async Task AssertAsync(Workspace work, string[] args, string message)
        {
            var result = await FlowTool.RunAsync(work.Path, args);

            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Contains(message, result.Error);
            Assert.DoesNotContain("   at ", result.Error);
            Assert.Empty(result.Out);
        }
    }
}
