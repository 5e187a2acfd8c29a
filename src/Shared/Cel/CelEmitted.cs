namespace Automations.Compiled.Cel
{
    /// <summary>
    /// One checked and emitted sub-expression: its CEL type, its C# code, whether evaluating it may throw a CEL error
    /// (which decides whether <c>&amp;&amp;</c>, <c>||</c> and macros need error absorption), and whether it already
    /// failed to compile (an error was reported; enclosing expressions stay silent rather than cascade).
    /// </summary>
    internal readonly record struct CelEmitted(CelType Type, string Code, bool MayFail, bool IsError = false)
    {
        public static readonly CelEmitted Poison = new(CelType.Dyn, "default!", false, IsError: true);
    }
}
