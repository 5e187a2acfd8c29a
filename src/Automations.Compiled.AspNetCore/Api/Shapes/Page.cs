using System.Collections.Generic;

namespace Automations.Compiled.AspNetCore.Api
{
    /// <summary>A page of a list: its items and the token of the next page (null on the last).</summary>
    internal sealed record Page<T>(IReadOnlyList<T> Items, string? Continuation);
}
