namespace Mlops.Workflows;

/// <summary>
/// Size limits of the embedded engine, set by Azure Storage (a queue message is at most 64 KiB, an entity property
/// 64 KiB, a batch 4 MiB). Larger data belongs in blobs: pass their URIs.
/// </summary>
public static class WorkflowLimits
{
    /// <summary>
    /// Largest serialized (UTF-8 JSON) input, output, activity result, event payload or custom status: 45 KiB, the size
    /// above which Durable Functions moves payloads to blobs. Larger ones fail with <see cref="WorkflowPayloadTooLargeException"/>.
    /// </summary>
    public const int MaxPayloadBytes = 45 * 1024;

    /// <summary>
    /// Largest amount of history one workflow step may record (the events of one commit): 2 MiB. A step that schedules
    /// more (for example a fan-out of hundreds of calls with large inputs) fails the instance with a message saying so.
    /// </summary>
    public const int MaxStepBytes = 2 * 1024 * 1024;

    /// <summary>Longest instance id.</summary>
    public const int MaxInstanceIdLength = 200;

    /// <summary>Longest event name.</summary>
    public const int MaxEventNameLength = 128;
}
