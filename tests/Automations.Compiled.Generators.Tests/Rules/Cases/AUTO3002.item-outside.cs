// rule: AUTO3002
// message: 'item' is not defined: 'use' (line 11) is not inside a foreach; use it only in the 'each' steps of a foreach, or keep what you need in a variable
using Automations.Compiled;

namespace RuleCases
{
    [Flow("item-outside")]
    public partial class ItemOutside
    {
        [Action(1)]
        private static void Use([Item] string {|#0:line|})
        {
        }
    }
}
// ---- corrected ----
using System.Collections.Generic;
using Automations.Compiled;

namespace RuleCases
{
    [Flow("item-outside")]
    public partial class ItemOutside
    {
        [ForEach(1)]
        private static IEnumerable<string> Lines() => new[] { "a", "b" };

        [Action(1, Parent = nameof(Lines))]
        private static void Use([Item] string line)
        {
        }
    }
}
