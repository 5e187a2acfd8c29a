namespace Automations.Compiled
{
    /// <summary>
    /// Stands in for a run's action steps, for scenario tests (<see cref="FlowRunOptions.Fakes"/>): before an action step
    /// calls its action, and before a rollback calls a compensation, the run asks its fakes first. Only action steps
    /// (and their compensations) are asked: conditions, sets and stops are the flow's own logic and always run, and
    /// record steps go through <see cref="FlowRunOptions.Records"/>, which a test replaces as a whole.
    /// </summary>
    /// <remarks>
    /// A run without fakes (the default) pays one null test per action step on the state machine and nothing on the
    /// straight path, which options never take. Implementations are called from the run's thread, or from several at
    /// once inside parallel branches.
    /// </remarks>
    public interface IActionFakes
    {
        /// <summary>
        /// Called before try <paramref name="attempt"/> (from 1) of action step <paramref name="stepId"/>. Return true
        /// to skip the action: <paramref name="result"/> becomes the step's output (any value for an action without
        /// one). Return false to call the action as usual. Throw to fail the try as the action would have (retries,
        /// the <c>error</c> endpoint and <c>onError</c> then apply).
        /// </summary>
        bool TryFake<T>(string stepId, int attempt, out T result);

        /// <summary>
        /// Called before the compensation of step <paramref name="stepId"/> runs during a rollback: true skips it (it
        /// counts as done), false calls it, an exception fails it as the compensation would have.
        /// </summary>
        bool TryFakeCompensation(string stepId);
    }
}
