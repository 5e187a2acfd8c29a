using System;

namespace Automations.Compiled.Cel
{
    /// <summary>
    /// A CEL evaluation error (overflow, division by zero, a missing key, no matching overload, a value out of range).
    /// Compiled expressions throw it; <c>&amp;&amp;</c>, <c>||</c> and the macros absorb it where cel-spec says so.
    /// </summary>
    public sealed class CelException : Exception
    {
        /// <summary>Creates an error with cel-spec's wording (e.g. "no such overload", "division by zero").</summary>
        public CelException(string message)
            : base(message)
        {
        }
    }
}
