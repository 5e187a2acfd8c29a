extern alias Analyzers;
extern alias CodeFixes;

using System;
using System.Composition;
using System.Linq;
using System.Reflection;
using Analyzers::Automations.Compiled.Analyzers;
using CodeFixes::Automations.Compiled.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit;

namespace Automations.Compiled.Generators.Tests.CodeFixes
{
    /// <summary>Every provider of the code-fix assembly is visible to the IDE and fixes ids the analyzer reports.</summary>
    public sealed class CodeFixProviderTests
    {
        private static readonly Type[] Providers = typeof(MakeFlowPartialCodeFix).Assembly.GetTypes()
            .Where(t => typeof(CodeFixProvider).IsAssignableFrom(t) && !t.IsAbstract)
            .ToArray();

        [Fact]
        public void Every_provider_is_exported_for_CSharp_and_shared()
        {
            Assert.NotEmpty(Providers);
            Assert.All(Providers, provider =>
            {
                var export = provider.GetCustomAttribute<ExportCodeFixProviderAttribute>();
                Assert.NotNull(export);
                Assert.Equal(new[] { LanguageNames.CSharp }, export!.Languages);
                Assert.Equal(provider.Name, export.Name);
                Assert.NotNull(provider.GetCustomAttribute<SharedAttribute>());
            });
        }

        [Fact]
        public void Every_fixable_id_is_reported_by_the_analyzer()
        {
            var reported = new FlowAnalyzer().SupportedDiagnostics.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);

            Assert.All(Providers, provider =>
            {
                var fix = (CodeFixProvider)Activator.CreateInstance(provider)!;
                Assert.NotEmpty(fix.FixableDiagnosticIds);
                Assert.All(fix.FixableDiagnosticIds, id => Assert.Contains(id, reported));
            });
        }

        [Fact]
        public void Fixes_of_flow_files_are_exported_for_additional_documents_only()
        {
            var json = new[] { typeof(UseClosestNameInJsonCodeFix), typeof(RemoveGotoInJsonCodeFix), typeof(AddInputTypeCodeFix) };

            Assert.All(Providers, provider =>
            {
                var kinds = provider.GetCustomAttribute<ExportCodeFixProviderAttribute>()!.DocumentKinds;
                Assert.Equal(json.Contains(provider) ? new[] { nameof(TextDocumentKind.AdditionalDocument) } : new[] { nameof(TextDocumentKind.Document) }, kinds);
            });
        }
    }
}
