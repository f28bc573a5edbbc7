namespace Mlops.Core.Training;

/// <summary>Trains models from a <see cref="TrainingRequest"/>.</summary>
public interface ITrainingService
{
    /// <summary>Checks everything about the request that does not need the data; a 400 naming the field otherwise.</summary>
    void Validate(TrainingRequest request);

    /// <summary>
    /// Validates the request, takes the data in (validation, profile, snapshot), sweeps the candidates recording each as
    /// a run, evaluates the best on the test rows beside a baseline, stores the profile and registers the best with
    /// full lineage, not promoted. Bad input fails before any training and nothing is registered.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="actor">Who asked (key name), recorded on the version.</param>
    /// <param name="cancellationToken">Cancels between steps (a trainer's fit cannot be interrupted).</param>
    Task<TrainingResult> TrainAsync(TrainingRequest request, string actor, CancellationToken cancellationToken = default);
}
