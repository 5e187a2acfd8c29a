using System;

namespace Automations.Compiled
{
    /// <summary>
    /// A goto link (SPEC §2.3): when control reaches <see cref="Endpoint"/> of this step it jumps to
    /// <see cref="Target"/>, runs it and its following siblings, and the run ends when that scope ends.
    /// Only an empty endpoint, or the <c>next</c> slot of the last step in a scope, may hold a goto.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
    public sealed class GotoAttribute : Attribute
    {
        /// <summary>A goto on the <c>next</c> slot.</summary>
        /// <param name="target">The target step; use <c>nameof(Method)</c>.</param>
        public GotoAttribute(string target)
            : this(Endpoints.Next, target)
        {
        }

        /// <summary>A goto on a named endpoint.</summary>
        /// <param name="endpoint">The endpoint (see <see cref="Endpoints"/>).</param>
        /// <param name="target">The target step; use <c>nameof(Method)</c>.</param>
        public GotoAttribute(string endpoint, string target)
        {
            Endpoint = endpoint;
            Target = target;
        }

        /// <summary>The endpoint that holds the link.</summary>
        public string Endpoint { get; }

        /// <summary>The target step.</summary>
        public string Target { get; }
    }

    /// <summary>
    /// Retries a failing step. <see cref="Attempts"/> counts every try, the first included; the delay before
    /// try n+1 is <c>InitialDelayMs * Multiplier^(n-1)</c>, capped at <see cref="MaxDelayMs"/>, spread by ±<see cref="Jitter"/>.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method, Inherited = false)]
    public sealed class RetryAttribute : Attribute
    {
        /// <summary>Creates the attribute.</summary>
        /// <param name="attempts">Total tries, the first included.</param>
        public RetryAttribute(int attempts) => Attempts = attempts;

        /// <summary>Total tries, the first included.</summary>
        public int Attempts { get; }

        /// <summary>Delay before the second try, in milliseconds. Default 1,000.</summary>
        public int InitialDelayMs { get; set; } = 1_000;

        /// <summary>Growth of the delay per try. Default 2 (exponential backoff).</summary>
        public double Multiplier { get; set; } = 2.0;

        /// <summary>Upper bound of a delay, in milliseconds. Default 60,000.</summary>
        public int MaxDelayMs { get; set; } = 60_000;

        /// <summary>Random spread of each delay, as a fraction (0.1 = ±10%). Default 0.</summary>
        public double Jitter { get; set; }
    }

    /// <summary>Marks a method that undoes step <see cref="Step"/> when a later step fails with <see cref="OnError.Rollback"/>.</summary>
    [AttributeUsage(AttributeTargets.Method, Inherited = false)]
    public sealed class CompensateAttribute : Attribute
    {
        /// <summary>Creates the attribute.</summary>
        /// <param name="step">The compensated step; use <c>nameof(Method)</c>.</param>
        public CompensateAttribute(string step) => Step = step;

        /// <summary>The compensated step.</summary>
        public string Step { get; }
    }

    /// <summary>Binds a parameter to the output of an earlier step (<c>steps.id.output</c>).</summary>
    [AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
    public sealed class FromStepAttribute : Attribute
    {
        /// <summary>Creates the attribute.</summary>
        /// <param name="step">The step; use <c>nameof(Method)</c> or the step id.</param>
        public FromStepAttribute(string step) => Step = step;

        /// <summary>The step.</summary>
        public string Step { get; }
    }

    /// <summary>Binds a parameter to a flow variable (<c>vars.name</c>).</summary>
    [AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
    public sealed class VarAttribute : Attribute
    {
        /// <summary>Creates the attribute.</summary>
        public VarAttribute(string name) => Name = name;

        /// <summary>The variable.</summary>
        public string Name { get; }
    }

    /// <summary>Binds a parameter to the current item of the enclosing foreach.</summary>
    [AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
    public sealed class ItemAttribute : Attribute
    {
    }

    /// <summary>Binds an <c>int</c> parameter to the current index of the enclosing foreach.</summary>
    [AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
    public sealed class IndexAttribute : Attribute
    {
    }

    /// <summary>
    /// Binds a <c>string</c> parameter to a secret, resolved by the <see cref="ISecretResolver"/> at the moment
    /// of the call and never written to the journal, a log or an exception.
    /// </summary>
    [AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
    public sealed class SecretAttribute : Attribute
    {
        /// <summary>Creates the attribute.</summary>
        public SecretAttribute(string name) => Name = name;

        /// <summary>The secret's name.</summary>
        public string Name { get; }
    }
}
