using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Messaging;
using Microsoft.Extensions.Options;
using Mlops.Core.Api;
using Mlops.Core.Registry;

namespace Mlops.Core.Events;

/// <summary>Builds the platform's CloudEvents (see <see cref="PlatformEventTypes"/> for their data).</summary>
internal sealed class PlatformEvents(IOptions<EventsOptions> options)
{
    /// <summary>Largest output carried by <c>PipelineCompleted</c>; outbox rows hold at most 64 KiB.</summary>
    public const int MaxOutputBytes = 16 * 1024;

    private string Source => options.Value.Source;

    public CloudEvent ModelVersionRegistered(ModelVersion version) => Create(
        PlatformEventTypes.ModelVersionRegistered,
        $"models/{version.Name}/versions/{version.Version}",
        StableId(PlatformEventTypes.ModelVersionRegistered, version.Name, version.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        version.CreatedAt,
        new ModelVersionRegisteredData(
            version.Name, version.Version, version.Sha256, version.ArtifactUri, version.Lineage.RunId, version.CreatedBy, version.CreatedAt, version.Metrics));

    public CloudEvent AliasChanged(string model, string alias, int? version, int? previousVersion, string actor, DateTimeOffset at) => Create(
        PlatformEventTypes.AliasChanged,
        $"models/{model}/aliases/{alias}",
        Guid.NewGuid().ToString("N"),
        at,
        new AliasChangedData(model, alias, version, previousVersion, actor, at));

    public CloudEvent PipelineCompleted(string eventId, string workflow, string instanceId, DateTimeOffset at, JsonElement? output)
    {
        var tooLarge = output is { } value && Encoding.UTF8.GetByteCount(value.GetRawText()) > MaxOutputBytes;
        return Create(
            PlatformEventTypes.PipelineCompleted,
            $"pipelines/{instanceId}",
            eventId,
            at,
            new PipelineCompletedData(workflow, instanceId, at, tooLarge ? null : output, tooLarge ? true : null));
    }

    public CloudEvent PipelineFailed(string eventId, string workflow, string instanceId, DateTimeOffset at, string? errorType, string? errorMessage) => Create(
        PlatformEventTypes.PipelineFailed,
        $"pipelines/{instanceId}",
        eventId,
        at,
        new PipelineFailedData(workflow, instanceId, at, errorType, Truncate(errorMessage)));

    /// <summary>
    /// <c>DriftDetected</c> or <c>PerformanceDegraded</c> of one monitoring check: the id is derived from the type, model and
    /// check, so a check whose activity re-runs publishes its alert once.
    /// </summary>
    public CloudEvent MonitoringAlert(string type, string model, string checkId, DateTimeOffset at, object data) => Create(
        type,
        $"models/{model}/drift/{checkId}",
        StableId(type, model, checkId),
        at,
        data);

    private CloudEvent Create<T>(string type, string subject, string id, DateTimeOffset time, T data) =>
        new(Source, type, BinaryData.FromObjectAsJson(data, MlopsJson.Options), "application/json", CloudEventDataFormat.Json)
        {
            Id = id,
            Subject = subject,
            Time = time,
        };

    private static string StableId(params string[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts))))[..32];

    private static string? Truncate(string? text) => text is { Length: > 4096 } ? text[..4096] + "…" : text;

    private sealed record ModelVersionRegisteredData(
        string Model, int Version, string Sha256, string ArtifactUri, string? RunId, string CreatedBy, DateTimeOffset CreatedAt, IReadOnlyDictionary<string, double> Metrics);

    private sealed record AliasChangedData(string Model, string Alias, int? Version, int? PreviousVersion, string ChangedBy, DateTimeOffset ChangedAt);

    private sealed record PipelineCompletedData(string Workflow, string InstanceId, DateTimeOffset FinishedAt, JsonElement? Output, bool? OutputTruncated);

    private sealed record PipelineFailedData(string Workflow, string InstanceId, DateTimeOffset FinishedAt, string? ErrorType, string? ErrorMessage);
}
