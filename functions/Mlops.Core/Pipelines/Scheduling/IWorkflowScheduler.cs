namespace Mlops.Core.Pipelines.Scheduling;

/// <summary>
/// Evaluates every schedule against the clock and starts what is due. The server calls it from a background loop; the
/// Functions app from a timer function. Missed occurrences (the process was down) collapse into one run, as a timer
/// trigger's past-due run does; a schedule seen for the first time starts at its next occurrence.
/// </summary>
public interface IWorkflowScheduler
{
    /// <summary>Starts due runs; returns the earliest next occurrence of any schedule, or null when there is none.</summary>
    /// <param name="client">The engine client to use; default the registered one.</param>
    /// <param name="cancellationToken">Cancels the tick.</param>
    Task<DateTimeOffset?> TickAsync(IPipelineClient? client = null, CancellationToken cancellationToken = default);
}
