using System.Globalization;

namespace Automations.Compiled.Generators.Tests.Infrastructure
{
    /// <summary>
    /// A deterministic corpus of realistic flows for build-cost measurements and incremental tests: flow
    /// <c>n</c> exists as a C# class and as a <c>*.flow.json</c> file of the same shape. Each has ten steps:
    /// an action with a retry, a set, a foreach whose body calls an action and accumulates into a variable,
    /// a condition whose <c>then</c> endpoint calls an action and goes to a standalone step, an action on
    /// <c>else</c>, and a final set of the run's output. Numbers vary with <c>n</c>, so no two flows emit the
    /// same code. Shared by this test project and the benchmarks (linked there as a source file), so both
    /// measure and test the same flows. Only strings here: no Roslyn types.
    /// </summary>
    internal static class FlowCorpus
    {
        /// <summary>Path of the source file with the input record and the <c>[FlowAction]</c> methods.</summary>
        public const string ShopPath = "Shop/Orders.cs";

        /// <summary>Path of a C# file no flow depends on.</summary>
        public const string UnrelatedPath = "Util/Formatting.cs";

        /// <summary>Steps in every flow of the corpus.</summary>
        public const int StepsPerFlow = 10;

        /// <summary>The input record (C# flows) and the actions (JSON flows bind to them; C# flows call them).</summary>
        public const string Shop = """
            using System;
            using System.Collections.Generic;
            using Automations.Compiled;

            namespace BuildCost.Shop
            {
                public sealed record Order(string Id, long Amount, IReadOnlyList<long> Lines);

                public static class OrderActions
                {
                    [FlowAction("orders.validate")]
                    public static void Validate(string orderId, long amount)
                    {
                        if (amount < 0)
                        {
                            throw new ArgumentOutOfRangeException(nameof(amount), "Order " + orderId + " has a negative amount.");
                        }
                    }

                    [FlowAction("orders.price")]
                    public static long Price(long line, long quantity) => line * quantity;

                    [FlowAction("orders.discount")]
                    public static long Discount(long total, long percent) => total - (total * percent / 100);

                    [FlowAction("orders.audit")]
                    public static void Audit(string orderId, long total)
                    {
                    }
                }
            }
            """;

        /// <summary>How many of <paramref name="flows"/> are C# classes (the first half); the rest are JSON files.</summary>
        public static int CSharpCount(int flows) => flows / 2;

        /// <summary>How many of <paramref name="flows"/> are JSON files.</summary>
        public static int JsonCount(int flows) => flows - CSharpCount(flows);

        /// <summary>A helper class no flow uses; <paramref name="revision"/> changes its body.</summary>
        public static string Unrelated(int revision = 0) => $$"""
            namespace BuildCost.Util
            {
                public static class Formatting
                {
                    public static string Cents(long cents) => (cents / 100) + "." + (cents % 100).ToString("00") + "{{new string('!', revision)}}";
                }
            }
            """;

        /// <summary>The syntax tree path of C# flow <paramref name="n"/> (1-based).</summary>
        public static string CSharpPath(int n) => $"Flows/{CSharpClass(n)}.cs";

        /// <summary>The flow id of C# flow <paramref name="n"/>.</summary>
        public static string CSharpId(int n) => "csharp-flow-" + Number(n);

        /// <summary>The class name of C# flow <paramref name="n"/>.</summary>
        public static string CSharpClass(int n) => "CSharpFlow" + Number(n);

        /// <summary>
        /// C# flow <paramref name="n"/>. <paramref name="revision"/> changes the retry attempts of the first step:
        /// an attribute edit that changes the generated code and nothing else (no span moves).
        /// </summary>
        public static string CSharp(int n, int revision = 0) => $$"""
            using System.Collections.Generic;
            using Automations.Compiled;
            using BuildCost.Shop;

            namespace BuildCost.Flows
            {
                /// <summary>Prices the lines of an order, discounts a large one and audits a small one.</summary>
                [Flow("{{CSharpId(n)}}", Version = 1, Description = "Order pricing, variant {{n}}.")]
                [Variable("total", typeof(long))]
                [Variable("output", typeof(string))]
                public partial class {{CSharpClass(n)}} : IFlow<Order>
                {
                    private const long Threshold = {{Threshold(n)}};

                    [Action(1)]
                    [Retry({{Attempts(n, revision)}}, InitialDelayMs = 100)]
                    private static void Validate(Order order) => OrderActions.Validate(order.Id, order.Amount);

                    [Set(2, "total")]
                    private static long Start(Order order) => order.Amount;

                    [ForEach(3)]
                    private static IReadOnlyList<long> Lines(Order order) => order.Lines;

                    [Action(1, Parent = nameof(Lines), On = Endpoints.Each)]
                    private static long Price([Item] long line, [Index] int index) => OrderActions.Price(line, 1 + (index % 3));

                    [Set(2, "total", Parent = nameof(Lines), On = Endpoints.Each)]
                    private static long Add([Var("total")] long total, [FromStep(nameof(Price))] long price) => total + price;

                    [Condition(4)]
                    private static bool Large([Var("total")] long total) => total > Threshold;

                    [Action(1, Parent = nameof(Large), On = Endpoints.Then)]
                    [Goto(nameof(Review))]
                    private static long Discount([Var("total")] long total) => OrderActions.Discount(total, {{Percent(n)}});

                    [Action(1, Parent = nameof(Large), On = Endpoints.Else)]
                    private static void Audit(Order order, [Var("total")] long total) => OrderActions.Audit(order.Id, total);

                    [Set(5, "output")]
                    private static string Summarize(Order order, [Var("total")] long total) => order.Id + ": " + total;

                    [Set(1, "output", Standalone = "review")]
                    private static string Review(Order order, [FromStep(nameof(Discount))] long discounted) => order.Id + " (reviewed): " + discounted;
                }
            }
            """;

        /// <summary>The additional file path of JSON flow <paramref name="n"/> (1-based).</summary>
        public static string JsonPath(int n) => $"flows/json-flow-{Number(n)}.flow.json";

        /// <summary>The flow id of JSON flow <paramref name="n"/>.</summary>
        public static string JsonId(int n) => "json-flow-" + Number(n);

        /// <summary>The class name of JSON flow <paramref name="n"/>.</summary>
        public static string JsonClass(int n) => "JsonFlow" + Number(n);

        /// <summary>JSON flow <paramref name="n"/>, the twin of C# flow <paramref name="n"/>; <paramref name="revision"/> changes the retry attempts.</summary>
        public static string Json(int n, int revision = 0) => $$"""
            {
              // Order pricing, variant {{n}}: the JSON twin of {{CSharpClass(n)}}.
              "id": "{{JsonId(n)}}",
              "version": 1,
              "namespace": "BuildCost.Flows",
              "class": "{{JsonClass(n)}}",
              "inputs": { "orderId": "string", "amount": "int", "lines": "list(int)" },
              "variables": { "total": "int", "output": "string" },
              "steps": [
                { "id": "validate", "type": "action", "action": "orders.validate",
                  "inputs": { "orderId": { "$expr": "inputs.orderId" }, "amount": { "$expr": "inputs.amount" } },
                  "retry": { "attempts": {{Attempts(n, revision)}}, "backoff": "100ms" } },
                { "id": "start", "type": "set", "variable": "total", "value": "inputs.amount" },
                { "id": "lines", "type": "foreach", "items": "inputs.lines",
                  "endpoints": { "each": [
                    { "id": "price", "type": "action", "action": "orders.price",
                      "inputs": { "line": { "$expr": "item" }, "quantity": { "$expr": "1 + index % 3" } } },
                    { "id": "add", "type": "set", "variable": "total", "value": "vars.total + steps.price.output" }
                  ] } },
                { "id": "large", "type": "condition", "when": "vars.total > {{Threshold(n)}}",
                  "endpoints": {
                    "then": [ { "id": "discount", "type": "action", "action": "orders.discount",
                                "inputs": { "total": { "$expr": "vars.total" }, "percent": {{Percent(n)}} },
                                "endpoints": { "next": { "goto": "review" } } } ],
                    "else": [ { "id": "audit", "type": "action", "action": "orders.audit",
                                "inputs": { "orderId": { "$expr": "inputs.orderId" }, "total": { "$expr": "vars.total" } } } ]
                  } },
                { "id": "summarize", "type": "set", "variable": "output", "value": "inputs.orderId + ': ' + string(vars.total)" }
              ],
              "standalone": [
                { "id": "review", "type": "set", "variable": "output", "value": "inputs.orderId + ' (reviewed): ' + string(steps.discount.output)" }
              ]
            }
            """;

        private static string Number(int n) => n.ToString("0000", CultureInfo.InvariantCulture);

        private static int Threshold(int n) => 1_000 + (n * 7);

        private static int Percent(int n) => 5 + (n % 10);

        private static int Attempts(int n, int revision) => 2 + (n % 3) + revision;
    }
}
