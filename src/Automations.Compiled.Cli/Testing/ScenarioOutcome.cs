using System;
using System.Collections.Generic;

namespace Automations.Compiled.Cli.Testing
{
    /// <summary>How a scenario ended: it passed, it failed (the run differed from the expectations), or it could not run.</summary>
    internal enum ScenarioVerdict
    {
        Passed,
        Failed,
        Error,
    }

    /// <summary>One scenario's result, as every report of <c>flow test</c> shows it.</summary>
    /// <param name="File">The scenario file.</param>
    /// <param name="Line">Where the scenario starts in it.</param>
    /// <param name="Name">The scenario's name.</param>
    /// <param name="Flow">The flow it tests (<c>id vN</c>), or the flow file when it did not compile.</param>
    /// <param name="Verdict">Passed, failed or error.</param>
    /// <param name="Duration">How long it took (compiling the flow not included).</param>
    /// <param name="Details">For a failure the differences and the observed trace; for an error what stopped it; empty when it passed.</param>
    /// <param name="Output">What the flow's actions printed (the built-in <c>log</c>), redacted.</param>
    internal sealed record ScenarioOutcome(string File, int Line, string Name, string Flow, ScenarioVerdict Verdict, TimeSpan Duration, IReadOnlyList<string> Details, string Output);
}
