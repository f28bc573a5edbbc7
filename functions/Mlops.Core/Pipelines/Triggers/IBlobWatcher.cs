namespace Mlops.Core.Pipelines.Triggers;

/// <summary>
/// Lists the trigger containers and raises an Event Grid <c>Microsoft.Storage.BlobCreated</c> event for each blob not seen
/// before, into <see cref="IBlobEventHandler"/>: the server's stand-in for Event Grid. What it has raised is kept in a table
/// (a high-water mark and a seen set per container), so a restart raises nothing twice.
/// </summary>
public interface IBlobWatcher
{
    /// <summary>Polls every trigger container once; returns how many events were raised.</summary>
    Task<int> PollAsync(CancellationToken cancellationToken = default);
}
