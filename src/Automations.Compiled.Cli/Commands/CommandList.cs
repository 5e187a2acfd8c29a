using System.Collections.Generic;
using System.CommandLine;

namespace Automations.Compiled.Cli.Commands
{
    /// <summary>Every command of the tool; each lives in its own file under Commands/ and adds itself here.</summary>
    internal static class CommandList
    {
        public static IEnumerable<Command> All()
        {
            yield return NewCommand.Create();
            yield return CheckCommand.Create();
            yield return RunCommand.Create();
            yield return TestCommand.Create();
            yield return GraphCommand.Create();
            yield return EvalCommand.Create();
            yield return CronCommand.Create();
            yield return RunsCommand.Create();
        }
    }
}
