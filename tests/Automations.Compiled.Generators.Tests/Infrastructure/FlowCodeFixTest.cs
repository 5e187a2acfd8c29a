extern alias Analyzers;

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Analyzers::Automations.Compiled.Analyzers;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace Automations.Compiled.Generators.Tests.Infrastructure
{
    /// <summary>
    /// A fix of <typeparamref name="TFix"/> for <see cref="FlowAnalyzer"/> on a user's project (<see cref="FlowTestProject"/>),
    /// as the package runs it: one fix at a time and fix-all in document, project and solution. The generator runs
    /// too, so the fixed state is re-analyzed as a build sees it: no diagnostic of ours, none from the generator, no
    /// compiler error in the sources or the generated code.
    /// </summary>
    internal class FlowCodeFixTest<TFix> : CSharpCodeFixTest<FlowAnalyzer, TFix, DefaultVerifier>
        where TFix : CodeFixProvider, new()
    {
        public FlowCodeFixTest()
        {
            FlowTestProject.Configure(this);
            TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
        }

        /// <summary>
        /// The title of the action the fix offers (null: the diagnostics get different titles); the action must also
        /// have an equivalence key, which fix-all groups by.
        /// </summary>
        public string? ExpectedTitle
        {
            init => CodeActionVerifier = (action, verifier) =>
            {
                if (value is not null)
                {
                    verifier.Equal(value, action.Title, "title of the code action");
                }

                verifier.False(string.IsNullOrEmpty(action.EquivalenceKey), "every action has an equivalence key");
            };
        }

        protected override IEnumerable<Type> GetSourceGenerators() => new[] { typeof(FlowGenerator) };

        /// <summary>A diagnostic gets one action: the fix for it, never a choice.</summary>
        protected override ImmutableArray<CodeAction> FilterCodeActions(ImmutableArray<CodeAction> actions)
        {
            Verify.True(actions.Length <= 1, $"{typeof(TFix).Name} offers {actions.Length} actions for one diagnostic");
            return base.FilterCodeActions(actions);
        }
    }
}
