namespace Automations.Compiled.Cel
{
    internal static class CelCompiler
    {
        public static CelCompilation Compile(string text, CelEnvironment environment, CelTarget? target = null) => throw new System.NotImplementedException("TEMP");
        public static CelCompilation CompileInterpolation(string text, CelEnvironment environment) => throw new System.NotImplementedException("TEMP");
    }
}
