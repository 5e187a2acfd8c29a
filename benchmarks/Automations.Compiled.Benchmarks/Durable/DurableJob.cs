namespace Automations.Compiled.Benchmarks.Durable
{
    /// <summary>The input of the hosted benchmark flows: a number the steps do a little integer work on.</summary>
    /// <param name="Number">Any number.</param>
    public sealed record DurableJob(int Number);
}
