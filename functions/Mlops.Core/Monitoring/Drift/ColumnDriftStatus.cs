namespace Mlops.Core.Monitoring.Drift;

/// <summary>Whether a column could be tested, and if not, why not.</summary>
public enum ColumnDriftStatus
{
    /// <summary>The test ran; see <see cref="ColumnDrift.Drifted"/>.</summary>
    Tested,

    /// <summary>Fewer non-missing values than <see cref="DriftPolicy.MinRows"/> on one side: no verdict rather than noise.</summary>
    NotEnoughData,

    /// <summary>Every value is missing (or not a finite number) on one side.</summary>
    AllMissing,

    /// <summary>The current data has no such column.</summary>
    NotInCurrent,
}
