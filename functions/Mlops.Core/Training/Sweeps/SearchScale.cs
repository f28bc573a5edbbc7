namespace Mlops.Core.Training.Sweeps;

/// <summary>How a search range is sampled.</summary>
public enum SearchScale
{
    /// <summary>Uniformly between the bounds.</summary>
    Linear,

    /// <summary>Uniformly in the logarithm (for learning rates and regularization weights); both bounds must be above 0.</summary>
    Log,
}
