using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace Mlops.Workflows.Engine;

/// <summary>
/// The instance row (row key <see cref="RowKey"/>) in the instance's own partition, next to its history, so a step's
/// history and status commit in one batch. Payloads are binary UTF-8 JSON: a string property holds only 32 K characters.
/// </summary>
internal sealed record InstanceRecord
{
    public const string RowKey = "instance";

    public required string InstanceId { get; init; }

    public required string Name { get; init; }

    public required WorkflowRuntimeStatus Status { get; init; }

    public required int Partition { get; init; }

    public required string ExecutionId { get; init; }

    public string? Input { get; init; }

    public string? Output { get; init; }

    public string? CustomStatus { get; init; }

    public WorkflowFailureDetails? Failure { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset LastUpdatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public string? ParentInstanceId { get; init; }

    public int? ParentTaskId { get; init; }

    public string? ParentExecutionId { get; init; }

    /// <summary>Set with a child's final status until the parent has been sent the news; the recovery scan finds it.</summary>
    public bool NotifyParent { get; init; }

    public ETag ETag { get; init; }

    public bool IsTerminal => Status is WorkflowRuntimeStatus.Completed or WorkflowRuntimeStatus.Failed or WorkflowRuntimeStatus.Terminated;

    public static InstanceRecord FromEntity(TableEntity entity) => new()
    {
        InstanceId = entity.PartitionKey,
        Name = entity.GetString(nameof(Name)) ?? string.Empty,
        Status = Enum.TryParse<WorkflowRuntimeStatus>(entity.GetString(nameof(Status)), out var status) ? status : WorkflowRuntimeStatus.Pending,
        Partition = entity.GetInt32(nameof(Partition)) ?? 0,
        ExecutionId = entity.GetString(nameof(ExecutionId)) ?? string.Empty,
        Input = Text(entity.GetBinary(nameof(Input))),
        Output = Text(entity.GetBinary(nameof(Output))),
        CustomStatus = Text(entity.GetBinary(nameof(CustomStatus))),
        Failure = entity.GetBinary(nameof(Failure)) is { Length: > 0 } failure
            ? JsonSerializer.Deserialize<WorkflowFailureDetails>(failure, EngineJson.Options)
            : null,
        CreatedAt = entity.GetDateTimeOffset(nameof(CreatedAt)) ?? default,
        LastUpdatedAt = entity.GetDateTimeOffset(nameof(LastUpdatedAt)) ?? default,
        CompletedAt = entity.GetDateTimeOffset(nameof(CompletedAt)),
        ParentInstanceId = entity.GetString(nameof(ParentInstanceId)),
        ParentTaskId = entity.GetInt32(nameof(ParentTaskId)),
        ParentExecutionId = entity.GetString(nameof(ParentExecutionId)),
        NotifyParent = entity.GetBoolean(nameof(NotifyParent)) ?? false,
        ETag = entity.ETag,
    };

    public TableEntity ToEntity()
    {
        var entity = new TableEntity(InstanceId, RowKey)
        {
            [nameof(Name)] = Name,
            [nameof(Status)] = Status.ToString(),
            [nameof(Partition)] = Partition,
            [nameof(ExecutionId)] = ExecutionId,
            [nameof(CreatedAt)] = CreatedAt,
            [nameof(LastUpdatedAt)] = LastUpdatedAt,
            [nameof(NotifyParent)] = NotifyParent,
        };
        Set(entity, nameof(Input), Bytes(Input));
        Set(entity, nameof(Output), Bytes(Output));
        Set(entity, nameof(CustomStatus), Bytes(CustomStatus));
        Set(entity, nameof(Failure), Failure is null ? null : JsonSerializer.SerializeToUtf8Bytes(Failure, EngineJson.Options));
        Set(entity, nameof(CompletedAt), CompletedAt);
        Set(entity, nameof(ParentInstanceId), ParentInstanceId);
        Set(entity, nameof(ParentTaskId), ParentTaskId);
        Set(entity, nameof(ParentExecutionId), ParentExecutionId);
        return entity;
    }

    public WorkflowInstance ToPublic() => new()
    {
        InstanceId = InstanceId,
        Name = Name,
        RuntimeStatus = Status,
        CreatedAt = CreatedAt,
        LastUpdatedAt = LastUpdatedAt,
        CompletedAt = CompletedAt,
        SerializedInput = Input,
        SerializedOutput = Output,
        SerializedCustomStatus = CustomStatus,
        FailureDetails = Failure,
        ParentInstanceId = ParentInstanceId,
        ExecutionId = ExecutionId,
    };

    private static void Set(TableEntity entity, string key, object? value)
    {
        if (value is not null)
        {
            entity[key] = value;
        }
    }

    private static byte[]? Bytes(string? text) => text is null ? null : Encoding.UTF8.GetBytes(text);

    private static string? Text(byte[]? bytes) => bytes is null ? null : Encoding.UTF8.GetString(bytes);
}
