namespace Mlops.Workflows;

/// <summary>Filters for listing or purging instances; null members do not filter.</summary>
public sealed record WorkflowQuery
{
    /// <summary>Only instances in one of these statuses.</summary>
    public IReadOnlyCollection<WorkflowRuntimeStatus>? Statuses { get; init; }

    /// <summary>Only instances created at or after this time.</summary>
    public DateTimeOffset? CreatedFrom { get; init; }

    /// <summary>Only instances created before this time.</summary>
    public DateTimeOffset? CreatedTo { get; init; }

    /// <summary>Only instances of this workflow (exact name).</summary>
    public string? Name { get; init; }

    /// <summary>Include inputs, outputs and custom status (default true); false makes large lists cheaper.</summary>
    public bool IncludePayloads { get; init; } = true;
}
