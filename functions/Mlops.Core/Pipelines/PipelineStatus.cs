using System.Text.Json;
using System.Text.Json.Serialization;
using Mlops.Workflows;

namespace Mlops.Core.Pipelines;

/// <summary>An instance's status in the shape of Durable Functions' HTTP status API.</summary>
internal sealed record PipelineStatus(
    string Name,
    string InstanceId,
    string RuntimeStatus,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] JsonElement? Input,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] JsonElement? CustomStatus,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] JsonElement? Output,
    DateTime CreatedTime,
    DateTime LastUpdatedTime,
    PipelineFailure? FailureDetails)
{
    public static PipelineStatus From(WorkflowInstance instance, bool showInput) => new(
        instance.Name,
        instance.InstanceId,
        instance.RuntimeStatus.ToString(),
        showInput ? Parse(instance.SerializedInput) : null,
        Parse(instance.SerializedCustomStatus),
        Parse(instance.SerializedOutput),
        instance.CreatedAt.UtcDateTime,
        instance.LastUpdatedAt.UtcDateTime,
        PipelineFailure.From(instance.FailureDetails));

    private static JsonElement? Parse(string? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            // Payloads are JSON by construction; should one not be, show it as text rather than fail the status.
            return JsonSerializer.SerializeToElement(json);
        }
    }
}
