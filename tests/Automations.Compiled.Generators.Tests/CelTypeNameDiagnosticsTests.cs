using System.Threading.Tasks;
using Automations.Compiled.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Automations.Compiled.Generators.Tests
{
    /// <summary>
    /// Expression diagnostics name types as CEL does (<c>int</c>, <c>list(int)</c>, <c>map(string, int)</c>), never as the
    /// C# types generated code keeps values in (<c>long</c>, <c>IReadOnlyList&lt;long&gt;</c>): a JSON flow declares
    /// <c>int</c>, and its errors must say <c>int</c>.
    /// </summary>
    public sealed class CelTypeNameDiagnosticsTests
    {
        private const string Path = "flows/order.flow.json";

        private const string Convert = "; convert the value in the expression (int(), string(), ...) or change the target type";

        [Fact]
        public Task An_int_variable_compared_with_or_set_to_a_string_is_an_int_in_the_message() => AnalyzeJson(
            """
            {
              "id": "order",
              "variables": { "amount": { "type": "int" } },
              "steps": [
                { "id": "check", "type": "condition", "when": "{|#0:vars.amount == 'ten'|}" },
                { "id": "keep", "type": "set", "variable": "amount", "value": "{|#1:'ten'|}" }
              ]
            }
            """,
            FlowTestProject.Diagnostic("AUTO1202").WithLocation(0).WithMessage("'==' compares values of one type, got int and string"),
            FlowTestProject.Diagnostic("AUTO1202").WithLocation(1).WithMessage("cannot convert string to int" + Convert));

        [Fact]
        public Task A_list_variable_is_a_list_of_its_cel_element_type() => AnalyzeJson(
            """
            {
              "id": "order",
              "variables": { "amounts": "list(int)" },
              "steps": [
                { "id": "keep", "type": "set", "variable": "amounts", "value": "{|#0:'ten'|}" },
                { "id": "check", "type": "condition", "when": "{|#1:vars.amounts == ['ten']|}" }
              ]
            }
            """,
            FlowTestProject.Diagnostic("AUTO1202").WithLocation(0).WithMessage("cannot convert string to list(int)" + Convert),
            FlowTestProject.Diagnostic("AUTO1202").WithLocation(1).WithMessage("'==' compares values of one type, got list(int) and list(string)"));

        [Fact]
        public Task A_map_variable_is_a_map_of_its_cel_key_and_value_types() => AnalyzeJson(
            """
            {
              "id": "order",
              "variables": { "limits": "map(string, int)", "when": "timestamp" },
              "steps": [
                { "id": "keep", "type": "set", "variable": "limits", "value": "{|#0:[1, 2]|}" },
                { "id": "stamp", "type": "set", "variable": "when", "value": "{|#1:vars.limits|}" }
              ]
            }
            """,
            FlowTestProject.Diagnostic("AUTO1202").WithLocation(0).WithMessage("cannot convert list(int) to map(string, int)" + Convert),
            FlowTestProject.Diagnostic("AUTO1202").WithLocation(1).WithMessage("cannot convert map(string, int) to timestamp" + Convert));

        [Fact]
        public Task An_action_input_expression_names_the_parameter_the_cel_way() => AnalyzeJson(
            // 'count' takes a C# int: CEL's int (a long), with the C# type beside it because the two differ.
            """
            { "id": "order", "variables": { "tags": "list(string)" },
              "steps": [ { "id": "n", "type": "action", "action": "count", "inputs": { "items": { "$expr": "{|#0:vars.tags|}" } } } ] }
            """,
            FlowTestProject.Diagnostic("AUTO1202").WithLocation(0).WithMessage("input 'items' is int (C# int): cannot convert list(string) to int" + Convert));

        [Fact]
        public Task A_trigger_condition_of_a_csharp_flow_goes_through_the_same_names()
        {
            var test = new FlowAnalyzerTest
            {
                TestState =
                {
                    Sources =
                    {
                        """
                        using Automations.Compiled;

                        namespace Shop
                        {
                            [Flow("big-orders")]
                            [RecordTrigger("order", RecordEvent.AfterInsert, Condition = "{|#0:trigger.kind == [1]|}")]
                            public partial class BigOrders
                            {
                                [Action(1)]
                                private static void Notify()
                                {
                                }
                            }
                        }
                        """,
                    },
                },
            };
            test.ExpectedDiagnostics.Add(FlowTestProject.Diagnostic("AUTO1202").WithLocation(0).WithMessage(
                "'==' compares values of one type, got string and list(int) (a trigger condition sees only 'trigger': trigger.record, trigger.old, trigger.payload, trigger.kind, trigger.event)"));
            return test.RunAsync();
        }

        private static Task AnalyzeJson(string flow, params DiagnosticResult[] expected)
        {
            var test = new FlowAnalyzerTest
            {
                RunGenerator = true,
                TestState =
                {
                    Sources =
                    {
                        """
                        namespace Shop
                        {
                            public static class ShopActions
                            {
                                [Automations.Compiled.FlowAction("count")]
                                public static int Count(int items) => items;
                            }
                        }
                        """,
                    },
                    AdditionalFiles = { (Path, flow) },
                },
            };
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync();
        }
    }
}
