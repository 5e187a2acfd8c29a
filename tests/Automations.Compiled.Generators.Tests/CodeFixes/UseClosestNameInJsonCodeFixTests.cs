extern alias CodeFixes;

using System;
using System.Threading.Tasks;
using Automations.Compiled.Generators.Tests.Infrastructure;
using CodeFixes::Automations.Compiled.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Automations.Compiled.Generators.Tests.CodeFixes
{
    /// <summary>
    /// AUTO2001, AUTO2005 and AUTO1101 in a flow file: the misspelt JSON string becomes the closest step id or action
    /// name, in the additional document; AUTO6003, AUTO6008 and AUTO6011 in a lifecycle file: the closest declared state,
    /// flow id or type.
    /// </summary>
    public sealed class UseClosestNameInJsonCodeFixTests
    {
        private const string Path = "flows/order.flow.json";

        private const string LifecyclePath = "lifecycles/small.lifecycle.json";

        private const string Flow = """
            {
              "id": "order",
              "steps": [
                { "id": "charge", "type": "action", "action": ACTION,
                  "inputs": { "orderId": "o-1", "amount": 10.0 },
                  "endpoints": { "next": { "goto": GOTO } } }
              ],
              "standalone": [
                [
                  { "id": NOTIFY, "type": "action", "action": "send_email", "inputs": { "to": "a@b.c", "body": "charged" } },
                  { "id": "again", "type": "run", "target": RUN }
                ],
                { "id": ARCHIVE, "type": "action", "action": "send_email", "inputs": { "to": "a@b.c", "body": "done" } }
              ]
            }
            """;

        /// <summary>While the goto (run) target is misspelt, standalone step notify (archive) is never reached: a warning the fix makes go away.</summary>
        private const string Unreached = "{|AUTO2008:\"NAME\"|}";

        private static string FlowWith(string action = "\"charge_card\"", string target = "\"notify\"", string run = "\"archive\"")
            => Flow.Replace("ACTION", action).Replace("GOTO", target).Replace("RUN", run)
                .Replace("NOTIFY", target == "\"notify\"" ? "\"notify\"" : Unreached.Replace("NAME", "notify"))
                .Replace("ARCHIVE", run == "\"archive\"" ? "\"archive\"" : Unreached.Replace("NAME", "archive"));

        [Fact]
        public Task A_misspelt_goto_target_becomes_the_closest_step_id()
            => AssertFixed(FlowWith(target: "{|AUTO2001:\"notfy\"|}"), "Use 'notify'", FlowWith());

        [Fact]
        public Task A_misspelt_run_target_becomes_the_closest_step_id()
            => AssertFixed(FlowWith(run: "{|AUTO2005:\"archve\"|}"), "Use 'archive'", FlowWith());

        [Fact]
        public Task A_misspelt_action_becomes_the_closest_action_name()
            => AssertFixed(FlowWith(action: "{|AUTO1101:\"charge_crad\"|}"), "Use 'charge_card'", FlowWith());

        [Fact]
        public Task Every_misspelt_name_of_a_file_is_fixed_one_after_the_other()
            => AssertFixed(FlowWith(target: "{|AUTO2001:\"notfy\"|}", run: "{|AUTO2005:\"archve\"|}"), null, FlowWith());

        [Fact]
        public Task No_fix_is_offered_when_no_action_is_close() => new FlowFileCodeFixTest<UseClosestNameInJsonCodeFix>
        {
            TestState = { Sources = { FlowSources.FlowActions }, AdditionalFiles = { (Path, FlowWith(action: "{|AUTO1101:\"fax\"|}")) } },
        }.Also(NoClosestName).RunAsync();

        [Fact]
        public Task A_misspelt_lifecycle_state_becomes_the_closest_declared_state()
            => AssertLifecycleFixed("AUTO6003", "\"to\": ", "Runing", "Running", new[] { "Running", "Stopping", "Stopped" });

        [Fact]
        public Task A_misspelt_flow_id_becomes_the_closest_flow_id()
            => AssertLifecycleFixed("AUTO6008", "\"flow\": ", "strat-server", "start-server", Array.Empty<string>());

        [Fact]
        public Task An_entity_type_without_its_namespace_becomes_the_full_name()
        {
            // The generated class names the entity as written, so until the fix the compiler cannot find it there, once
            // (as LifecycleGeneratorTests expects for AUTO6011).
            var generated = "Automations.Compiled.Generators/Automations.Compiled.Generators.FlowGenerator/TestFlows.SmallLifecycle.213a447a.Lifecycle.g.cs";
            return AssertLifecycleFixed("AUTO6011", "\"entity\": ", "Server", "Demo.Server", Array.Empty<string>(), DiagnosticResult.CompilerError("CS0400").WithSpan(generated, 9, 105, 9, 111).WithArguments("Server"));
        }

        [Fact]
        public Task No_fix_is_offered_for_a_flow_id_nothing_is_close_to()
        {
            var json = LifecycleSources.SmallJson("small", flow: "reboot-everything")
                .Replace("\"flow\": \"reboot-everything\"", "\"flow\": {|AUTO6008:\"reboot-everything\"|}", StringComparison.Ordinal);

            return new FlowFileCodeFixTest<UseClosestNameInJsonCodeFix>
            {
                TestState = { Sources = { LifecycleSources.Entities }, AdditionalFiles = { (LifecyclePath, json) } },
            }.Also(NoClosestName).RunAsync();
        }

        private static void NoClosestName(Microsoft.CodeAnalysis.Diagnostic diagnostic, IVerifier verifier)
            => verifier.False(diagnostic.Properties.ContainsKey("Fix"), "the diagnostic carries no closest name");

        /// <summary>
        /// The small lifecycle file with <paramref name="name"/> written as <paramref name="written"/>, and the
        /// <paramref name="unreachable"/> states that misspelling cuts off reported as such; the fix restores it.
        /// </summary>
        private static Task AssertLifecycleFixed(string id, string property, string written, string name, string[] unreachable, params DiagnosticResult[] alsoBeforeTheFix)
        {
            var valid = LifecycleSources.SmallJson("small");
            Assert.Contains(property + "\"" + name + "\"", valid, StringComparison.Ordinal);
            var lines = valid.Replace(property + "\"" + name + "\"", property + "{|" + id + ":\"" + written + "\"|}", StringComparison.Ordinal).Split('\n');
            var states = Array.FindIndex(lines, line => line.Contains("\"states\"", StringComparison.Ordinal));
            foreach (var state in unreachable)
            {
                lines[states] = lines[states].Replace($"\"{state}\"", $"{{|AUTO6006:\"{state}\"|}}", StringComparison.Ordinal);
            }

            var test = new FlowFileCodeFixTest<UseClosestNameInJsonCodeFix>
            {
                TestState = { Sources = { LifecycleSources.Entities }, AdditionalFiles = { (LifecyclePath, string.Join('\n', lines)) } },
                FixedState = { AdditionalFiles = { (LifecyclePath, valid) } },
                ExpectedTitle = $"Use '{name}'",
            };
            test.TestState.ExpectedDiagnostics.AddRange(alsoBeforeTheFix);
            if (alsoBeforeTheFix.Length > 0)
            {
                // Otherwise the fixed state would inherit them: it is spelt out, and expects nothing.
                test.FixedState.InheritanceMode = StateInheritanceMode.Explicit;
                test.FixedState.Sources.Add(LifecycleSources.Entities);
                test.FixedState.AdditionalReferences.AddRange(TestCompilation.References);
                test.FixedState.AnalyzerConfigFiles.Add(("/.globalconfig", FlowTestProject.GlobalConfig));
            }

            return test.RunAsync();
        }

        private static Task AssertFixed(string flow, string? title, string expected) => new FlowFileCodeFixTest<UseClosestNameInJsonCodeFix>
        {
            TestState = { Sources = { FlowSources.FlowActions }, AdditionalFiles = { (Path, flow) } },
            FixedState = { AdditionalFiles = { (Path, expected) } },
            ExpectedTitle = title,
        }.RunAsync();
    }
}
