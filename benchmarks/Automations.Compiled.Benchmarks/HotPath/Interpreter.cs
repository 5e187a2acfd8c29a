using System;
using System.Collections.Generic;

namespace Automations.Compiled.Benchmarks.HotPath
{
    /// <summary>
    /// A classic interpreting engine, reduced to its core: the flow is a list of steps, each a delegate over
    /// a per-run context dictionary; a step reads its inputs by string key (unboxing them) and the engine
    /// stores its boxed output under the step's name. No journal, no observer, no error handling: this is
    /// the cheapest an interpreter of this shape gets.
    /// </summary>
    public sealed class Interpreter
    {
        private readonly List<(string Name, Func<Dictionary<string, object?>, object?> Run)> _steps;

        /// <summary>Creates the interpreter for a list of named steps.</summary>
        public Interpreter(List<(string Name, Func<Dictionary<string, object?>, object?> Run)> steps) => _steps = steps;

        /// <summary>The five pricing steps, written as an interpreter would hold them.</summary>
        public static Interpreter Pricing { get; } = new(new List<(string, Func<Dictionary<string, object?>, object?>)>
        {
            ("subtotal", ctx => Benchmarks.Pricing.Subtotal((Basket)ctx["input"]!)),
            ("tax", ctx => Benchmarks.Pricing.Tax((Basket)ctx["input"]!, (long)ctx["subtotal"]!)),
            ("discount", ctx => Benchmarks.Pricing.Discount((Basket)ctx["input"]!, (long)ctx["subtotal"]!)),
            ("total", ctx => Benchmarks.Pricing.Total((long)ctx["subtotal"]!, (long)ctx["tax"]!, (long)ctx["discount"]!)),
            ("check-limit", ctx => Benchmarks.Pricing.WithinLimit((Basket)ctx["input"]!, (long)ctx["total"]!)),
        });

        /// <summary>Runs every step in order over a fresh context and returns the last step's output.</summary>
        public object? Run(object? input)
        {
            var context = new Dictionary<string, object?>(_steps.Count + 1, StringComparer.Ordinal) { ["input"] = input };
            object? last = null;
            foreach (var (name, run) in _steps)
            {
                last = run(context);
                context[name] = last;
            }

            return last;
        }
    }
}
