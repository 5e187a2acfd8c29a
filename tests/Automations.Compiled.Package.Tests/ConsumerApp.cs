using System.IO;
using System.Security;

namespace Automations.Compiled.Package.Tests
{
    /// <summary>A console app that uses the package the way a user would, written into a temp folder.</summary>
    public static class ConsumerApp
    {
        /// <summary>What the app prints.</summary>
        public static readonly string[] ExpectedOutput =
        {
            "status: Completed",
            "steps: compose,deliver",
            "delivered: Hello, package!",
        };

        /// <summary>Writes the app into <paramref name="folder"/>.</summary>
        /// <param name="folder">The app's folder (created).</param>
        /// <param name="packSource">The folder holding the packed .nupkg.</param>
        /// <param name="packagesFolder">The app's own global packages folder, so no cached copy of the same version is used.</param>
        /// <param name="version">The package version to reference.</param>
        public static void Write(string folder, string packSource, string packagesFolder, string version)
        {
            Directory.CreateDirectory(folder);

            // Stop MSBuild's upward search here: nothing from the folders above may shape this build.
            File.WriteAllText(Path.Combine(folder, "Directory.Build.props"), "<Project />\n");
            File.WriteAllText(Path.Combine(folder, "Directory.Build.targets"), "<Project />\n");

            File.WriteAllText(Path.Combine(folder, "nuget.config"), $@"<?xml version=""1.0"" encoding=""utf-8""?>
<configuration>
  <packageSources>
    <clear />
    <add key=""automations-local"" value=""{SecurityElement.Escape(packSource)}"" />
    <add key=""nuget.org"" value=""https://api.nuget.org/v3/index.json"" protocolVersion=""3"" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key=""automations-local"">
      <package pattern=""Automations.Compiled"" />
    </packageSource>
    <packageSource key=""nuget.org"">
      <package pattern=""*"" />
    </packageSource>
  </packageSourceMapping>
</configuration>
");

            File.WriteAllText(Path.Combine(folder, "PackageConsumer.csproj"), $@"<Project Sdk=""Microsoft.NET.Sdk"">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>disable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
    <RestorePackagesPath>{SecurityElement.Escape(packagesFolder)}</RestorePackagesPath>
    <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
    <CompilerGeneratedFilesOutputPath>obj/generated</CompilerGeneratedFilesOutputPath>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include=""Automations.Compiled"" Version=""[{SecurityElement.Escape(version)}]"" />
  </ItemGroup>
</Project>
");

            File.WriteAllText(Path.Combine(folder, "GreetingFlow.cs"), @"using System.Collections.Generic;
using Automations.Compiled;

namespace PackageConsumer
{
    public sealed record Greeting(string Name);

    [Flow(""greeting"", Version = 1, Description = ""Compose a greeting, then deliver it."")]
    public partial class GreetingFlow : IFlow<Greeting>
    {
        public List<string> Delivered { get; } = new();

        [Action(1)]
        private static string Compose(Greeting greeting) => ""Hello, "" + greeting.Name + ""!"";

        [Action(2)]
        private void Deliver([FromStep(nameof(Compose))] string text) => Delivered.Add(text);
    }
}
");

            File.WriteAllText(Path.Combine(folder, "Program.cs"), @"using System;
using Automations.Compiled;
using PackageConsumer;

var flow = new GreetingFlow();
var trace = new FlowTrace();
var result = await flow.RunAsync(new Greeting(""package""), new FlowRunOptions { Observer = trace });
Console.WriteLine(""status: "" + result.Status);
Console.WriteLine(""steps: "" + string.Join("","", trace.StepIds));
Console.WriteLine(""delivered: "" + string.Join("" | "", flow.Delivered));
return result.Status == FlowStatus.Completed ? 0 : 1;
");
        }
    }
}
