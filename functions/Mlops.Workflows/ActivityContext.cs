namespace Mlops.Workflows;

/// <summary>What an activity knows about the call it serves.</summary>
public sealed class ActivityContext
{
    /// <summary>Creates a context (the engine does; tests and adapters may too).</summary>
    public ActivityContext(string name, string instanceId, int taskId, IServiceProvider services)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentNullException.ThrowIfNull(services);
        Name = name;
        InstanceId = instanceId;
        TaskId = taskId;
        Services = services;
    }

    /// <summary>The registered activity name.</summary>
    public string Name { get; }

    /// <summary>The calling workflow instance.</summary>
    public string InstanceId { get; }

    /// <summary>The call's sequence number in the workflow's history; with <see cref="InstanceId"/>, an idempotency key.</summary>
    public int TaskId { get; }

    /// <summary>Services of the scope this call runs in.</summary>
    public IServiceProvider Services { get; }
}
