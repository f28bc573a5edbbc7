namespace Mlops.Workflows.Engine;

/// <summary>An activity, timer or child call the workflow awaits.</summary>
internal sealed class OpenTask(int id, WorkflowHistoryEventKind kind, string? name, string? input, DateTime? fireAt, string? childInstanceId)
{
    public int Id { get; } = id;

    /// <summary>The scheduling kind: activity, timer or sub-workflow.</summary>
    public WorkflowHistoryEventKind Kind { get; } = kind;

    public string? Name { get; } = name;

    public string? Input { get; } = input;

    public DateTime? FireAt { get; } = fireAt;

    public string? ChildInstanceId { get; } = childInstanceId;

    public TaskCompletionSource<string?> Completion { get; } = new();

    /// <summary>True once its scheduling is in committed history, so it may run.</summary>
    public bool Committed { get; set; }

    public bool IsDone => Completion.Task.IsCompleted;
}
