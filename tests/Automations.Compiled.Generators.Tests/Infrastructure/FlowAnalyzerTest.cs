extern alias Analyzers;

using System;
using System.Collections.Generic;
using Analyzers::Automations.Compiled.Analyzers;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace Automations.Compiled.Generators.Tests.Infrastructure
{
    /// <summary>
    /// <see cref="FlowAnalyzer"/> on a user's project (<see cref="FlowTestProject"/>): C# sources and flow files with
    /// markup spans (<c>{|AUTO2001:...|}</c>, or <c>{|#0:...|}</c> with a <see cref="DiagnosticResult"/> that gives the
    /// message). With <see cref="RunGenerator"/> the analyzer sees the generator's output, as in a build, and the test
    /// fails on any generator diagnostic or compiler error in it.
    /// </summary>
    internal sealed class FlowAnalyzerTest : CSharpAnalyzerTest<FlowAnalyzer, DefaultVerifier>
    {
        public FlowAnalyzerTest(bool withRuntime = true) => FlowTestProject.Configure(this, withRuntime);

        /// <summary>Adds the generated code to the compilation the analyzer sees (its text is not compared).</summary>
        public bool RunGenerator
        {
            get;
            init
            {
                field = value;
                TestBehaviors = value ? TestBehaviors | TestBehaviors.SkipGeneratedSourcesCheck : TestBehaviors & ~TestBehaviors.SkipGeneratedSourcesCheck;
            }
        }

        protected override IEnumerable<Type> GetSourceGenerators() => RunGenerator ? new[] { typeof(FlowGenerator) } : Array.Empty<Type>();
    }
}
