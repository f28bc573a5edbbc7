namespace Mlops.Core.Training.Experiments;

/// <summary>Where a run is in its life.</summary>
public enum RunStatus
{
    /// <summary>Started; not finished (or the process stopped before it could say).</summary>
    Running,

    /// <summary>Trained, evaluated and its artifact stored.</summary>
    Completed,

    /// <summary>Stopped with an error, recorded on the run.</summary>
    Failed,
}
