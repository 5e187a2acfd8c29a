using Automations.Compiled;

namespace BrokenFlows
{
    // Each mistake carries an "expect: ID" comment on the line where the error is reported;
    // BuildDiagnosticsTests holds the exact positions.
    [Flow("not-partial")]
    public class NotPartialFlow // expect: AUTO0001 (the class must be partial)
    {
        [Action(1)]
        private static void Work()
        {
        }
    }
}
