namespace Mlops.Core.Training.Data;

/// <summary>Takes in a data set for training: read, validate, profile and snapshot, in that order.</summary>
public interface IDatasetIntake
{
    /// <summary>
    /// Streams the data at <see cref="DatasetRequest.Location"/> to a local spool file while hashing it (SHA-256), reads
    /// and validates it, writes the content-addressed snapshot and computes the profile. Bad input throws an
    /// <c>MlopsException</c> (400 for the request, 404 for a missing file, 413 over the size limit, 422 for unusable
    /// content) before anything is stored.
    /// </summary>
    Task<IngestedDataset> IngestAsync(DatasetRequest request, CancellationToken cancellationToken = default);
}
