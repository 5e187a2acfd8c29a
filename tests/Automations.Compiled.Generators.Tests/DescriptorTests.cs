extern alias Analyzers;

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Analyzers::Automations.Compiled.Analyzers;
using Analyzers::Automations.Compiled.Validation;
using Automations.Compiled.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Automations.Compiled.Generators.Tests
{
    /// <summary>The analyzer's descriptors and the shared catalog are one list, and every rule has a help page.</summary>
    public sealed class DescriptorTests
    {
        private static IReadOnlyList<DiagnosticDescriptor> Supported => new FlowAnalyzer().SupportedDiagnostics;

        /// <summary>Every id the product can report: the analyzer's rules and the generator's own failure.</summary>
        private static IEnumerable<DiagnosticDescriptor> Everything => Supported.Append(FlowGenerator.GeneratorFailure).Concat(CodeSteps);

        /// <summary>The code-step analyzer's own rule (AUTO8001): it reads generated code, so it is not a rule of the shared catalog.</summary>
        private static IReadOnlyList<DiagnosticDescriptor> CodeSteps => new CodeStepNamespaceAnalyzer().SupportedDiagnostics;

        [Fact]
        public void Every_descriptor_has_a_help_link_ending_with_its_id()
        {
            Assert.All(Everything, d =>
            {
                Assert.False(string.IsNullOrWhiteSpace(d.HelpLinkUri), $"{d.Id} has no help link");
                Assert.EndsWith("/" + d.Id + ".md", d.HelpLinkUri, StringComparison.Ordinal);
                Assert.StartsWith(DiagnosticCatalog.HelpLinkBase, d.HelpLinkUri, StringComparison.Ordinal);
            });
        }

        [Fact]
        public void Ids_are_unique_and_use_the_AUTO_prefix()
        {
            var ids = Everything.Select(d => d.Id).ToList();

            Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
            Assert.All(ids, id => Assert.Matches("^AUTO[0-9]{4}$", id));
        }

        [Fact]
        public void Descriptors_match_the_catalog_one_to_one()
        {
            var descriptors = Supported.ToDictionary(d => d.Id, StringComparer.Ordinal);
            var rules = DiagnosticCatalog.All.ToDictionary(r => r.Id, StringComparer.Ordinal);

            Assert.Equal(rules.Keys.OrderBy(k => k, StringComparer.Ordinal), descriptors.Keys.OrderBy(k => k, StringComparer.Ordinal));
            Assert.All(rules.Values, rule =>
            {
                var descriptor = descriptors[rule.Id];
                Assert.Equal(rule.Title, descriptor.Title.ToString(System.Globalization.CultureInfo.InvariantCulture));
                Assert.Equal(Severity(rule.Severity), descriptor.DefaultSeverity);
                Assert.Equal(rule.Category, descriptor.Category);
                Assert.Equal(rule.HelpLink, descriptor.HelpLinkUri);
                Assert.True(descriptor.IsEnabledByDefault, $"{rule.Id} is disabled by default");
            });
        }

        [Fact]
        public void Rules_reported_at_compilation_end_are_tagged_so()
        {
            // The IDE shows compilation-end diagnostics only with full solution analysis; the tag tells it which they are.
            var atEnd = new[] { "AUTO0013", "AUTO1105", "AUTO6008", "AUTO6009", "AUTO6011", "AUTO6012" };

            var tagged = Supported.Where(d => d.CustomTags.Contains(WellKnownDiagnosticTags.CompilationEnd)).Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal);

            Assert.Equal(atEnd, tagged);
        }

        [Fact]
        public void Every_id_is_tracked_in_the_unshipped_release()
        {
            var analyzers = File.ReadAllText(Path.Combine(ProjectPaths.RepositoryRoot, "analyzers", "Automations.Compiled.Analyzers", "AnalyzerReleases.Unshipped.md"));
            var generator = File.ReadAllText(Path.Combine(ProjectPaths.RepositoryRoot, "generators", "Automations.Compiled.Generators", "AnalyzerReleases.Unshipped.md"));

            Assert.All(Supported.Concat(CodeSteps), d => Assert.Contains($"{d.Id} | {d.Category} | {d.DefaultSeverity} | {d.Title}", analyzers, StringComparison.Ordinal));
            Assert.Contains($"{FlowGenerator.GeneratorFailure.Id} | {FlowGenerator.GeneratorFailure.Category} |", generator, StringComparison.Ordinal);
        }

        [Fact]
        public void Every_id_has_a_docs_page()
        {
            var directory = Path.Combine(ProjectPaths.RepositoryRoot, "src", "Automations.Compiled", "docs", "diagnostics");

            var missing = Everything.Select(d => d.Id).Where(id => !File.Exists(Path.Combine(directory, id + ".md"))).ToList();

            Assert.True(missing.Count == 0, $"No page under {directory} for: {string.Join(", ", missing)}");
        }

        private static DiagnosticSeverity Severity(FlowSeverity severity) => severity switch
        {
            FlowSeverity.Error => DiagnosticSeverity.Error,
            FlowSeverity.Warning => DiagnosticSeverity.Warning,
            _ => DiagnosticSeverity.Info,
        };
    }
}
