using System.Security.Cryptography;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Mlops.Core.Api;
using Mlops.Core.Artifacts;
using Mlops.Core.Diagnostics;
using Mlops.Core.Monitoring.Drift;
using Mlops.Core.Registry;
using Mlops.Core.Storage;
using Mlops.Core.Training.Data;

namespace Mlops.Core.Training;

internal sealed class ModelProfileStore : IModelProfileStore
{
    private const string Extension = ".json";
    private const string SampleExtension = ".sample.json";

    private readonly ArtifactStore _artifacts;
    private readonly BlobContainerClient _container;

    public ModelProfileStore(BlobServiceClient blobs, StorageNames names, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        _artifacts = new ArtifactStore(blobs, names, RegistryKeys.Container, loggers.CreateLogger<ArtifactStore>());
        _container = blobs.GetBlobContainerClient(names.Container(RegistryKeys.Container));
    }

    public async Task<StoredProfile> SaveAsync(string model, DatasetProfile profile, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModel(model, "model");
        ArgumentNullException.ThrowIfNull(profile);
        var content = ArtifactContent.FromBytes(JsonSerializer.SerializeToUtf8Bytes(profile, MlopsJson.Options));
        var uri = await _artifacts.PutAsync(Prefix(model), Extension, content, cancellationToken).ConfigureAwait(false);
        return new StoredProfile(uri.AbsoluteUri, content.Sha256);
    }

    public async Task<DatasetProfile?> FindAsync(ModelVersion version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        ModelNames.ValidateModel(version.Name);
        if (version.ProfileSha256 is not { } sha256)
        {
            return null;
        }

        var stream = await _artifacts.OpenReadAsync(Prefix(version.Name), sha256, Extension, cancellationToken).ConfigureAwait(false);
        byte[] bytes;
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            bytes = buffer.ToArray();
        }

        if (Convert.ToHexStringLower(SHA256.HashData(bytes)) != sha256)
        {
            throw new InvalidDataException($"The profile of model '{version.Name}' version {version.Version} does not match its SHA-256 {sha256}.");
        }

        return JsonSerializer.Deserialize<DatasetProfile>(bytes, MlopsJson.Options)
            ?? throw new InvalidDataException($"The profile of model '{version.Name}' version {version.Version} is null.");
    }

    public async Task<DatasetProfile> GetAsync(ModelVersion version, CancellationToken cancellationToken = default) =>
        await FindAsync(version, cancellationToken).ConfigureAwait(false)
        ?? throw MlopsException.NotFound(
            $"Model '{version.Name}' version {version.Version} has no training profile (it was not trained through the platform).", "version");

    public async Task SaveSampleAsync(string model, StoredProfile profile, ReferenceSample sample, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModel(model, "model");
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(sample);

        // Named after the profile, not its own hash, so a version (which records only the profile's hash) finds it. The
        // sample is seeded, so the same data writes the same bytes: overwriting is harmless.
        var bytes = JsonSerializer.SerializeToUtf8Bytes(sample, MlopsJson.Options);
        await _container.GetBlobClient(SampleBlob(model, profile.Sha256))
            .UploadAsync(BinaryData.FromBytes(bytes), overwrite: true, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ReferenceSample?> FindSampleAsync(ModelVersion version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        ModelNames.ValidateModel(version.Name);
        if (version.ProfileSha256 is not { } sha256)
        {
            return null;
        }

        try
        {
            var content = await _container.GetBlobClient(SampleBlob(version.Name, sha256)).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return JsonSerializer.Deserialize<ReferenceSample>(content.Value.Content.ToMemory().Span, MlopsJson.Options);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private static string SampleBlob(string model, string profileSha256) => ArtifactStore.BlobName(Prefix(model), profileSha256, SampleExtension);

    private static string Prefix(string model) => model + "/profiles";
}
