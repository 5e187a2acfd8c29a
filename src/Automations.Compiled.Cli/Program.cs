using System.CommandLine;
using System.Threading.Tasks;
using Automations.Compiled.Cli;

// flow: one tool for working with flows outside an IDE. Exit codes: 0 ok, 1 flow errors or a failed run, 2 usage errors.
return await FlowCli.RunAsync(args);
