using Mlops.Core.Monitoring.Drift;
using Mlops.Core.Registry;
using Mlops.Core.Training.Data;

namespace Mlops.Core.Training;

/// <summary>
/// The training-data profiles stored with model versions (the baseline drift monitoring compares live data against):
/// JSON documents, content-addressed under the model's prefix in the <c>models</c> container
/// (<c>{model}/profiles/sha256/{hex}.json</c>), written before the version that points at them.
/// </summary>
public interface IModelProfileStore
{
    /// <summary>Stores <paramref name="profile"/> for <paramref name="model"/> (a no-op when the same document is there) and says where.</summary>
    Task<StoredProfile> SaveAsync(string model, DatasetProfile profile, CancellationToken cancellationToken = default);

    /// <summary>The profile of <paramref name="version"/>, or null when the version has none.</summary>
    Task<DatasetProfile?> FindAsync(ModelVersion version, CancellationToken cancellationToken = default);

    /// <summary>The profile of <paramref name="version"/>, or a 404 naming the version.</summary>
    Task<DatasetProfile> GetAsync(ModelVersion version, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores the <see cref="ReferenceSample"/> drawn from the same data as the profile <paramref name="profile"/> points
    /// at (<c>{model}/profiles/sha256/{profile sha}.sample.json</c>): drift checks need raw values for exact KS and
    /// Wasserstein tests, which a profile's quantile bins only approximate.
    /// </summary>
    Task SaveSampleAsync(string model, StoredProfile profile, ReferenceSample sample, CancellationToken cancellationToken = default);

    /// <summary>The reference sample stored with <paramref name="version"/>'s profile, or null (no profile, or none stored).</summary>
    Task<ReferenceSample?> FindSampleAsync(ModelVersion version, CancellationToken cancellationToken = default);
}
