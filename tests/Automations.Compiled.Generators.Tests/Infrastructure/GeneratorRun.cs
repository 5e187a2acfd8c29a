using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Automations.Compiled.Generators.Tests.Infrastructure
{
    /// <summary>
    /// One run of <see cref="FlowGenerator"/> through a <see cref="CSharpGeneratorDriver"/> that tracks its steps.
    /// Keeps the driver the run returned, so <see cref="Next"/> runs incrementally on an edited compilation.
    /// </summary>
    internal sealed class GeneratorRun
    {
        private GeneratorRun(GeneratorDriver driver, Compilation input, Compilation output, ImmutableArray<Diagnostic> diagnostics)
        {
            Driver = driver;
            Input = input;
            Output = output;
            Diagnostics = diagnostics;
            Result = driver.GetRunResult();
        }

        public GeneratorDriver Driver { get; }

        /// <summary>The compilation the generator ran on.</summary>
        public Compilation Input { get; }

        /// <summary>The compilation with the generated sources added.</summary>
        public Compilation Output { get; }

        /// <summary>What the driver reported: the generator's own diagnostics and CS8785 when it threw.</summary>
        public ImmutableArray<Diagnostic> Diagnostics { get; }

        public GeneratorDriverRunResult Result { get; }

        public GeneratorRunResult Generator => Result.Results.Single();

        public static GeneratorRun Start(Compilation compilation)
        {
            GeneratorDriver driver = CSharpGeneratorDriver.Create(
                new[] { new FlowGenerator().AsSourceGenerator() },
                parseOptions: TestCompilation.ParseOptions,
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
            return Run(driver, compilation);
        }

        /// <summary>A run with flow files (and the project's RootNamespace) as a build passes them.</summary>
        public static GeneratorRun Start(Compilation compilation, IEnumerable<AdditionalText> flowFiles, string rootNamespace = "TestFlows")
        {
            GeneratorDriver driver = CSharpGeneratorDriver.Create(
                new[] { new FlowGenerator().AsSourceGenerator() },
                additionalTexts: flowFiles,
                parseOptions: TestCompilation.ParseOptions,
                optionsProvider: BuildProperties.RootNamespace(rootNamespace),
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
            return Run(driver, compilation);
        }

        /// <summary>Runs the same driver again with one flow file replaced.</summary>
        public GeneratorRun Next(AdditionalText old, AdditionalText replacement) => Run(Driver.ReplaceAdditionalText(old, replacement), Input);

        /// <summary>Runs the same driver again on an edited compilation.</summary>
        public GeneratorRun Next(Compilation compilation) => Run(Driver, compilation);

        /// <summary>The text of the one generated file whose hint name ends with <paramref name="hintNameSuffix"/>.</summary>
        public string Source(string hintNameSuffix)
        {
            var matches = Generator.GeneratedSources.Where(s => s.HintName.EndsWith(hintNameSuffix, StringComparison.Ordinal)).ToList();
            if (matches.Count != 1)
            {
                throw new InvalidOperationException(
                    $"Expected one generated file ending with '{hintNameSuffix}', found: {string.Join(", ", Generator.GeneratedSources.Select(s => s.HintName))}");
            }

            return matches[0].SourceText.ToString();
        }

        /// <summary>Emits the output compilation (asserting it emits) and loads it, next to the runtime, in a collectible context of its own.</summary>
        public System.Reflection.Assembly Load(string contextName)
        {
            using var image = new System.IO.MemoryStream();
            var emitted = Output.Emit(image);
            Xunit.Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
            var context = new System.Runtime.Loader.AssemblyLoadContext(contextName + "-" + Guid.NewGuid().ToString("N"), isCollectible: true);
            image.Position = 0;
            return context.LoadFromStream(image);
        }

        /// <summary>Every output of the tracked step <paramref name="stepName"/> in this run.</summary>
        public IReadOnlyList<(object Value, IncrementalStepRunReason Reason)> Outputs(string stepName)
            => Generator.TrackedSteps.TryGetValue(stepName, out var steps)
                ? steps.SelectMany(s => s.Outputs).ToList()
                : Array.Empty<(object, IncrementalStepRunReason)>();

        private static GeneratorRun Run(GeneratorDriver driver, Compilation compilation)
        {
            driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
            return new GeneratorRun(driver, compilation, output, diagnostics);
        }
    }
}
