namespace Mlops.Core.Training.Experiments;

/// <summary>
/// Experiments and their runs. <c>Get…</c> throws a 404 <see cref="Diagnostics.MlopsException"/> when absent;
/// <c>Find…</c> returns null.
/// </summary>
public interface IExperimentTracker
{
    /// <summary>Creates the experiment if it is new and marks it updated.</summary>
    Task<Experiment> TouchExperimentAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Records a run, or replaces the record of the same run (its status moves on).</summary>
    Task SaveRunAsync(ExperimentRun run, CancellationToken cancellationToken = default);

    /// <summary>Every experiment, by name.</summary>
    IAsyncEnumerable<Experiment> ListExperimentsAsync(CancellationToken cancellationToken = default);

    /// <summary>An experiment, or null.</summary>
    Task<Experiment?> FindExperimentAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>An experiment, or a 404.</summary>
    Task<Experiment> GetExperimentAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>An experiment's runs, oldest first (by run id).</summary>
    IAsyncEnumerable<ExperimentRun> ListRunsAsync(string experiment, CancellationToken cancellationToken = default);

    /// <summary>A run, or null.</summary>
    Task<ExperimentRun?> FindRunAsync(string experiment, string runId, CancellationToken cancellationToken = default);

    /// <summary>A run, or a 404.</summary>
    Task<ExperimentRun> GetRunAsync(string experiment, string runId, CancellationToken cancellationToken = default);
}
