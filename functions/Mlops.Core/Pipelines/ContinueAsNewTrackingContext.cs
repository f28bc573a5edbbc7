using Microsoft.Extensions.Logging;
using Mlops.Workflows;

namespace Mlops.Core.Pipelines;

/// <summary>Passes everything to the engine's context and notes a <see cref="ContinueAsNew"/>, after which a run has not finished.</summary>
internal sealed class ContinueAsNewTrackingContext(IWorkflowContext inner) : IWorkflowContext
{
    public bool ContinuedAsNew { get; private set; }

    public string Name => inner.Name;

    public string InstanceId => inner.InstanceId;

    public DateTime CurrentUtcDateTime => inner.CurrentUtcDateTime;

    public bool IsReplaying => inner.IsReplaying;

    public T? GetInput<T>() => inner.GetInput<T>();

    public Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, WorkflowTaskOptions? options = null) =>
        inner.CallActivityAsync<TResult>(name, input, options);

    public Task CallActivityAsync(string name, object? input = null, WorkflowTaskOptions? options = null) =>
        inner.CallActivityAsync(name, input, options);

    public Task<TResult> CallSubWorkflowAsync<TResult>(string name, object? input = null, WorkflowTaskOptions? options = null) =>
        inner.CallSubWorkflowAsync<TResult>(name, input, options);

    public Task CallSubWorkflowAsync(string name, object? input = null, WorkflowTaskOptions? options = null) =>
        inner.CallSubWorkflowAsync(name, input, options);

    public Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) => inner.CreateTimer(fireAt, cancellationToken);

    public Task<T> WaitForExternalEvent<T>(string name, CancellationToken cancellationToken = default) =>
        inner.WaitForExternalEvent<T>(name, cancellationToken);

    public Guid NewGuid() => inner.NewGuid();

    public void SetCustomStatus(object? customStatus) => inner.SetCustomStatus(customStatus);

    public void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true)
    {
        ContinuedAsNew = true;
        inner.ContinueAsNew(newInput, preserveUnprocessedEvents);
    }

    public ILogger CreateReplaySafeLogger(ILogger logger) => inner.CreateReplaySafeLogger(logger);
}
