using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace Automations.Compiled.Generators.Tests.Cel
{
    /// <summary>
    /// Our own expressions (Cel/Expressions.txt): <c>expr =&gt; expected</c>, where expected is a CEL expression giving
    /// the value, <c>error</c> (a run-time CEL error) or <c>compile error</c>. All evaluated in one compilation.
    /// </summary>
    public class CelExpressionSuiteTests
    {
        [Fact]
        public void Every_expression_gives_its_expected_value_or_error()
        {
            var lines = File.ReadLines(CelConformanceTests.DataPath("Expressions.txt"))
                .Select(l => l.Trim())
                .Where(l => l.Length > 0 && !l.StartsWith("#", StringComparison.Ordinal))
                .ToList();
            var entries = lines.Select(l =>
            {
                var arrow = l.LastIndexOf(" => ", StringComparison.Ordinal);
                Assert.True(arrow > 0, $"no ' => ' in: {l}");
                return (Expression: l.Substring(0, arrow).Trim(), Expected: l.Substring(arrow + 4).Trim());
            }).ToList();

            var cases = new List<CelCase>();
            foreach (var (expression, expected) in entries)
            {
                cases.Add(CelTestEnvironment.Case(expression));
                cases.Add(CelTestEnvironment.Case(expected is "error" or "compile error" ? "null" : expected));
            }

            var outcomes = CelHarness.Evaluate(cases, typeof(TestOrder).Assembly);
            var failures = new List<string>();
            for (var i = 0; i < entries.Count; i++)
            {
                var (expression, expected) = entries[i];
                var actual = outcomes[2 * i];
                var wanted = outcomes[(2 * i) + 1];
                var ok = expected switch
                {
                    "error" => actual.Kind == CelOutcomeKind.RuntimeError,
                    "compile error" => actual.Kind == CelOutcomeKind.CompileError,
                    _ => actual.Kind == CelOutcomeKind.Value && wanted.Kind == CelOutcomeKind.Value && CelConformanceTests.SameValue(wanted.Value, actual.Value),
                };
                if (!ok)
                {
                    failures.Add($"{expression} => {expected}\n    expected {(expected is "error" or "compile error" ? expected : wanted.ToString())}\n    actual   {actual}");
                }
            }

            Assert.True(entries.Count >= 300, $"the suite should hold at least 300 expressions, it has {entries.Count}");
            Assert.True(failures.Count == 0, $"{failures.Count} of {entries.Count} expressions fail:\n{string.Join("\n", failures)}");
        }
    }
}
