using System.Text.Json;
using Microsoft.Extensions.Logging;
using Mlops.Core.Pipelines;
using Mlops.Workflows;

namespace Mlops.Core.Tests.Pipelines;

/// <summary>
/// Stands in for the Durable adapter: runs each activity at once through <see cref="PipelineRunner"/> with its payload
/// round-tripped through JSON, as the Functions app does; no replay, no timers.
/// </summary>
public sealed class InlineWorkflowContext(PipelineRunner runner, IServiceProvider services, string name, string instanceId) : IWorkflowContext
{
    public List<(string Name, JsonElement? Input)> Calls { get; } = [];

    public object? ContinuedWith { get; private set; }

    public string Name => name;

    public string InstanceId => instanceId;

    public DateTime CurrentUtcDateTime { get; } = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public bool IsReplaying => false;

    public T? GetInput<T>() => default;

    public async Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, WorkflowTaskOptions? options = null)
    {
        var payload = PipelineRunner.ToPayload(input);
        Calls.Add((name, payload));
        var result = await runner.RunActivityAsync(name, payload ?? default, instanceId, services);
        return PipelineRunner.Read<TResult>(result ?? default)!;
    }

    public Task CallActivityAsync(string name, object? input = null, WorkflowTaskOptions? options = null) =>
        CallActivityAsync<JsonElement?>(name, input, options);

    public Task<TResult> CallSubWorkflowAsync<TResult>(string name, object? input = null, WorkflowTaskOptions? options = null) =>
        throw new NotSupportedException();

    public Task CallSubWorkflowAsync(string name, object? input = null, WorkflowTaskOptions? options = null) =>
        throw new NotSupportedException();

    public Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<T> WaitForExternalEvent<T>(string name, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Guid NewGuid() => Guid.NewGuid();

    public void SetCustomStatus(object? customStatus)
    {
    }

    public void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) => ContinuedWith = newInput ?? "(null)";

    public ILogger CreateReplaySafeLogger(ILogger logger) => logger;
}
