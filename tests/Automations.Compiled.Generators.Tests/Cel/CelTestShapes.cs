using System;
using System.Collections.Generic;
using System.Text.Json;
using Automations.Compiled.Cel;
using Automations.Compiled.Model;

namespace Automations.Compiled.Generators.Tests.Cel
{
    /// <summary>A C# object the tests read through a <see cref="CelObjectShape"/>.</summary>
    public sealed class TestOrder
    {
        public long Id { get; set; }

        public int Quantity { get; set; }

        public string Name { get; set; } = "";

        public double Total { get; set; }

        public decimal Price { get; set; }

        public int? Discount { get; set; }

        public bool Ok { get; set; }

        public TestCustomer? Customer { get; set; }

        public List<TestLine> Lines { get; set; } = new();
    }

    public sealed class TestCustomer
    {
        public string Email { get; set; } = "";

        public bool Vip { get; set; }
    }

    public sealed class TestLine
    {
        public string Sku { get; set; } = "";

        public int Count { get; set; }
    }

    /// <summary>The environment and variable values shared by the expression suite and the diagnostics tests.</summary>
    internal static class CelTestEnvironment
    {
        public const string Order = "global::Automations.Compiled.Generators.Tests.Cel.TestOrder";
        public const string Customer = "global::Automations.Compiled.Generators.Tests.Cel.TestCustomer";
        public const string Line = "global::Automations.Compiled.Generators.Tests.Cel.TestLine";

        public static readonly CelObjectShape[] Shapes =
        {
            new(Order, new EquatableArray<CelField>(new[]
            {
                new CelField("id", "Id", CelType.Int, "long"),
                new CelField("quantity", "Quantity", CelType.Int, "int"),
                new CelField("name", "Name", CelType.String, "string"),
                new CelField("total", "Total", CelType.Double, "double"),
                new CelField("price", "Price", CelType.Double, "decimal"),
                new CelField("discount", "Discount", CelType.Int, "int?"),
                new CelField("ok", "Ok", CelType.Bool, "bool"),
                new CelField("customer", "Customer", CelType.Object(Customer), Customer + "?"),
                new CelField("lines", "Lines", CelType.List(CelType.Object(Line)), $"global::System.Collections.Generic.List<{Line}>"),
            })),
            new(Customer, new EquatableArray<CelField>(new[]
            {
                new CelField("email", "Email", CelType.String, "string"),
                new CelField("vip", "Vip", CelType.Bool, "bool"),
            })),
            new(Line, new EquatableArray<CelField>(new[]
            {
                new CelField("sku", "Sku", CelType.String, "string"),
                new CelField("count", "Count", CelType.Int, "int"),
            })),
        };

        public static readonly (string Name, CelType Type, string ClrType, object? Value)[] Variables =
        {
            ("order", CelType.Object(Order), Order, new TestOrder
            {
                Id = 7, Quantity = 3, Name = "Widget", Total = 250.5, Price = 12.5m, Discount = null, Ok = true,
                Customer = new TestCustomer { Email = "ada@example.com", Vip = true },
                Lines = { new TestLine { Sku = "A-1", Count = 2 }, new TestLine { Sku = "B-2", Count = 5 } },
            }),
            ("nobody", CelType.Object(Order), Order + "?", null),
            ("vars.total", CelType.Double, "double", 120.0),
            ("steps.charge.output", CelType.Map(CelType.String, CelType.Dyn), "global::System.Collections.Generic.IReadOnlyDictionary<string, object?>",
                new Dictionary<string, object?> { ["id"] = "ch_1", ["amount"] = 990L }),
            ("n", CelType.Int, "int", 42),
            ("names", CelType.List(CelType.String), "global::System.Collections.Generic.IReadOnlyList<string>", new[] { "ada", "bob", "cy" }),
            ("scores", CelType.Map(CelType.String, CelType.Int), "global::System.Collections.Generic.IReadOnlyDictionary<string, long>",
                new Dictionary<string, long> { ["ada"] = 90, ["bob"] = 75 }),
            ("json", CelType.Dyn, "object?", JsonDocument.Parse("""{"name": "Ada", "age": 36, "height": 1.7, "tags": ["a", "b"], "address": {"city": "Paris"}, "none": null, "big": 12345678901234}""").RootElement),
            ("dict", CelType.Dyn, "object?", new Dictionary<string, object?> { ["a"] = 1, ["b"] = "two", ["c"] = new List<object?> { 1L, 2.5, "x" }, ["d"] = null }),
            ("record", CelType.Dyn, "object?", new FlowRecord { ["status"] = "open", ["amount"] = 12.5m, ["count"] = (short)4 }),
            ("now", CelType.Timestamp, "global::System.DateTimeOffset", new DateTimeOffset(2024, 3, 10, 12, 30, 45, 123, TimeSpan.Zero)),
        };

        public static CelEnvironment Environment(bool typeChecked = true)
        {
            var variables = new List<CelVariable>();
            for (var i = 0; i < Variables.Length; i++)
            {
                variables.Add(new CelVariable(Variables[i].Name, Variables[i].Type, Variables[i].ClrType, $"p{i}"));
            }

            return new CelEnvironment(variables, Shapes, typeChecked);
        }

        public static CelCase Case(string expression, bool typeChecked = true)
        {
            var arguments = new List<(string, object?)>();
            foreach (var variable in Variables)
            {
                arguments.Add((variable.ClrType, variable.Value));
            }

            return new CelCase(expression, Environment(typeChecked), arguments);
        }
    }
}
