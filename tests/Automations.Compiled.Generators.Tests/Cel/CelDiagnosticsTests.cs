using System;
using System.Linq;
using Automations.Compiled.Cel;
using Xunit;

namespace Automations.Compiled.Generators.Tests.Cel
{
    /// <summary>Compile errors carry the span of the offending part and say what to do.</summary>
    public class CelDiagnosticsTests
    {
        [Theory]
        [InlineData("order.[|totl|] > 1", "no field 'totl' on", "did you mean 'total'?")]
        [InlineData("[|'a'|] && true", "'&&' needs bool operands, got string", "")]
        [InlineData("true || [|1|]", "'||' needs bool operands, got int", "")]
        [InlineData("[|foo|] + 1", "undeclared reference 'foo'", "")]
        [InlineData("[|ordr|].id", "undeclared reference 'ordr'", "did you mean 'order'?")]
        [InlineData("[|'a' + 1|]", "no matching overload for '+' applied to (string, int)", "")]
        [InlineData("[|1 == 'a'|]", "'==' compares values of one type, got int and string", "")]
        [InlineData("[|true ? 1 : 'a'|]", "the branches of '?:' have different types, int and string", "")]
        [InlineData("[|sise('a')|]", "undeclared function 'sise'", "did you mean 'size'?")]
        [InlineData("'a'.matches([|'('|])", "invalid regular expression", "")]
        [InlineData("[|1|].all(x, x)", "all() needs a list or a map, got int", "")]
        [InlineData("[1].exists(x, [|x|])", "the predicate of exists() needs bool operands, got int", "")]
        [InlineData("order.customer.[|mail|]", "no field 'mail' on", "did you mean 'email'?")]
        [InlineData("[|n.x|]", "cannot select 'x' from a value of type int", "")]
        [InlineData("1 + ([||]", "expected an expression", "")]
        public void Errors_point_at_the_problem(string markup, string message, string suggestion)
        {
            var start = markup.IndexOf("[|", StringComparison.Ordinal);
            var end = markup.IndexOf("|]", StringComparison.Ordinal) - 2;
            var text = markup.Replace("[|", "").Replace("|]", "");
            var compilation = CelCompiler.Compile(text, CelTestEnvironment.Environment());
            var error = Assert.Single(compilation.Errors);
            Assert.Contains(message, error.Message);
            Assert.Contains(suggestion, error.Message);
            Assert.Equal(start, error.Span.Start);
            if (!message.StartsWith("expected", StringComparison.Ordinal))
            {
                Assert.Equal(end, error.Span.End);
            }
        }

        [Fact]
        public void Qualified_names_resolve_longest_first_and_are_recorded()
        {
            var compilation = CelCompiler.Compile("steps.charge.output.id == 'x' && vars.total > 1.0 && vars.total < 2.0", CelTestEnvironment.Environment());
            Assert.True(compilation.Succeeded, string.Join("; ", compilation.Errors));
            Assert.Equal(new[] { "steps.charge.output", "vars.total" }, compilation.UsedVariables.ToArray());
        }

        [Fact]
        public void A_target_type_converts_with_checked_narrowing()
        {
            var toInt = CelCompiler.Compile("n * 2", CelTestEnvironment.Environment(), new CelTarget(CelType.Int, "int"));
            Assert.True(toInt.Succeeded);
            Assert.Equal("int", toInt.ClrType);
            Assert.Contains("ToInt32", toInt.Expression);

            var impossible = CelCompiler.Compile("'abc'", CelTestEnvironment.Environment(), new CelTarget(CelType.Int, "int"));
            var error = Assert.Single(impossible.Errors);
            Assert.Contains("cannot convert string to int", error.Message);
        }

        [Theory]
        [InlineData("long", "int")]
        [InlineData("global::System.Int64", "int")]
        [InlineData("int?", "int")]
        [InlineData("ulong", "uint")]
        [InlineData("decimal", "double")]
        [InlineData("byte[]", "bytes")]
        [InlineData("global::System.DateTimeOffset", "timestamp")]
        [InlineData("global::System.TimeSpan", "duration")]
        [InlineData("object?", "dyn")]
        [InlineData("global::Automations.Compiled.Cel.CelTypeValue", "type")]
        [InlineData("global::System.Collections.Generic.IReadOnlyList<long>", "list(int)")]
        [InlineData("long[]", "list(int)")]
        [InlineData("global::System.Collections.Generic.IReadOnlyDictionary<string, global::System.Collections.Generic.IReadOnlyList<object?>>", "map(string, list(dyn))")]
        [InlineData("global::Shop.Order", "Shop.Order")]
        public void A_csharp_type_is_named_the_cel_way(string clrType, string name)
            => Assert.Equal(name, CelTypeNames.OfClr(clrType));

        [Fact]
        public void A_run_time_type_is_named_the_cel_way()
        {
            Assert.Equal("int", CelTypeNames.Of(typeof(long)));
            Assert.Equal("int", CelTypeNames.Of(typeof(int?)));
            Assert.Equal("uint", CelTypeNames.Of(typeof(ulong)));
            Assert.Equal("list(int)", CelTypeNames.Of(typeof(System.Collections.Generic.IReadOnlyList<long>)));
            Assert.Equal("list(string)", CelTypeNames.Of(typeof(System.Collections.Generic.List<string>)));
            Assert.Equal("map(string, dyn)", CelTypeNames.Of(typeof(System.Collections.Generic.Dictionary<string, object>)));
            Assert.Equal("timestamp", CelTypeNames.Of(typeof(DateTimeOffset)));
            Assert.Equal("null_type", CelTypeNames.OfValue(null));
            Assert.Equal(typeof(TestOrder).FullName!.Replace('+', '.'), CelTypeNames.Of(typeof(TestOrder)));
        }

        [Fact]
        public void A_conversion_error_names_the_target_the_cel_way_not_as_its_csharp_type()
        {
            // A JSON "int" variable is a C# long; a "list(int)" one an IReadOnlyList<long>.
            var toLong = Assert.Single(CelCompiler.Compile("'abc'", CelTestEnvironment.Environment(), new CelTarget(CelType.Int, "long")).Errors);
            Assert.StartsWith("cannot convert string to int;", toLong.Message);
            var toList = Assert.Single(CelCompiler.Compile("'abc'", CelTestEnvironment.Environment(), new CelTarget(CelType.List(CelType.Int), "global::System.Collections.Generic.IReadOnlyList<long>")).Errors);
            Assert.StartsWith("cannot convert string to list(int);", toList.Message);
            var toNullable = Assert.Single(CelCompiler.Compile("'abc'", CelTestEnvironment.Environment(), new CelTarget(CelType.Dyn, "long?")).Errors);
            Assert.StartsWith("cannot convert string to int;", toNullable.Message);
        }

        [Fact]
        public void A_run_time_conversion_error_names_both_types_the_cel_way()
        {
            // A dyn that turns out not to fit the C# type a flow keeps the value in fails with CEL's names.
            var list = Assert.Throws<CelException>(() => CelRuntime.ConvertTo<System.Collections.Generic.IReadOnlyList<long>>(new System.Collections.Generic.List<object?> { 1L }));
            Assert.Equal("cannot convert list(dyn) to list(int)", list.Message);
            var time = Assert.Throws<CelException>(() => CelRuntime.ConvertTo<DateTime>(1L));
            Assert.Equal("cannot convert int to timestamp", time.Message);
        }

        [Fact]
        public void Unchecked_environments_defer_errors_to_run_time()
        {
            var compilation = CelCompiler.Compile("f_unknown(1) || true", CelTestEnvironment.Environment(typeChecked: false));
            Assert.True(compilation.Succeeded);
        }

        [Fact]
        public void Interpolation_compiles_each_path_and_converts_with_string()
        {
            var environment = CelTestEnvironment.Environment();
            var plain = CelCompiler.CompileInterpolation("no parts here", environment);
            Assert.Equal("\"no parts here\"", plain.Expression);
            Assert.Equal(CelType.String, plain.Type);

            var cases = new[]
            {
                ("Hello {!order.name}, order {!steps.charge.output.id}", "Hello Widget, order ch_1"),
                ("{!n} items at {!order.total}", "42 items at 250.5"),
                ("{!order.ok}/{!json.age}", "true/36"),
            };
            foreach (var (text, expected) in cases)
            {
                var compilation = CelCompiler.CompileInterpolation(text, environment);
                Assert.True(compilation.Succeeded, string.Join("; ", compilation.Errors));
                var celCase = CelTestEnvironment.Case("''");
                var method = CelHarness.LoadCompiled(compilation, celCase, typeof(TestOrder).Assembly);
                Assert.Equal(expected, method.Invoke(null, celCase.Arguments.Select(a => a.Value).ToArray()));
            }
        }

        [Theory]
        [InlineData("Hello {!order.name", 6, 18, "never closed")]
        [InlineData("Hi {!order.nme}!", 11, 14, "no field 'nme'")]
        [InlineData("Hi {!order.lines}", 5, 16, "cannot interpolate a value of type list")]
        [InlineData("x {!1 +}", 7, 7, "expected an expression")]
        public void Interpolation_errors_have_spans_in_the_whole_text(string text, int start, int end, string message)
        {
            var compilation = CelCompiler.CompileInterpolation(text, CelTestEnvironment.Environment());
            var error = Assert.Single(compilation.Errors);
            Assert.Contains(message, error.Message);
            Assert.Equal(start, error.Span.Start);
            Assert.Equal(end, error.Span.End);
        }
    }
}
