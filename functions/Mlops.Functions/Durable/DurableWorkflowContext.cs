using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Mlops.Core.Pipelines;
using Mlops.Workflows;

namespace Mlops.Functions.Durable;

/// <summary>
/// Durable's <see cref="TaskOrchestrationContext"/> as the platform's <see cref="IWorkflowContext"/>, so a workflow written
/// for the embedded engine runs as a Durable orchestration unchanged. Payloads cross as JSON written with the platform's
/// options (<see cref="PipelineRunner.ToPayload"/>) and are read back the same way; retries go in as <c>options:</c>, never as
/// the input; a failed task surfaces as <see cref="WorkflowTaskFailedException"/>, as on the embedded engine.
/// </summary>
internal sealed class DurableWorkflowContext(TaskOrchestrationContext inner, JsonElement input) : IWorkflowContext
{
    public string Name => inner.Name.Name;

    public string InstanceId => inner.InstanceId;

    public DateTime CurrentUtcDateTime => inner.CurrentUtcDateTime;

    public bool IsReplaying => inner.IsReplaying;

    public T? GetInput<T>() => PipelineRunner.Read<T>(input);

    // Orchestrator code below: plain awaits (no ConfigureAwait(false)) so Durable's scheduler resumes it.
    public async Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, WorkflowTaskOptions? options = null)
    {
        try
        {
            var result = await inner.CallActivityAsync<JsonElement>(name, PipelineRunner.ToPayload(input), options: ToTaskOptions(options));
            return PipelineRunner.Read<TResult>(result)!;
        }
        catch (TaskFailedException ex)
        {
            throw Failed(ex);
        }
    }

    public Task CallActivityAsync(string name, object? input = null, WorkflowTaskOptions? options = null) =>
        CallActivityAsync<JsonElement>(name, input, options);

    public async Task<TResult> CallSubWorkflowAsync<TResult>(string name, object? input = null, WorkflowTaskOptions? options = null)
    {
        var taskOptions = ToTaskOptions(options);
        if (options is SubWorkflowOptions { InstanceId: { } childId })
        {
            taskOptions = new SubOrchestrationOptions(taskOptions ?? new TaskOptions(), childId);
        }

        try
        {
            var result = await inner.CallSubOrchestratorAsync<JsonElement>(name, PipelineRunner.ToPayload(input), taskOptions);
            return PipelineRunner.Read<TResult>(result)!;
        }
        catch (TaskFailedException ex)
        {
            throw Failed(ex);
        }
    }

    public Task CallSubWorkflowAsync(string name, object? input = null, WorkflowTaskOptions? options = null) =>
        CallSubWorkflowAsync<JsonElement>(name, input, options);

    public Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) => inner.CreateTimer(fireAt, cancellationToken);

    public async Task<T> WaitForExternalEvent<T>(string name, CancellationToken cancellationToken = default) =>
        PipelineRunner.Read<T>(await inner.WaitForExternalEvent<JsonElement>(name, cancellationToken))!;

    public Guid NewGuid() => inner.NewGuid();

    public void SetCustomStatus(object? customStatus) => inner.SetCustomStatus(PipelineRunner.ToPayload(customStatus));

    public void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) =>
        inner.ContinueAsNew(PipelineRunner.ToPayload(newInput), preserveUnprocessedEvents);

    public ILogger CreateReplaySafeLogger(ILogger logger) => inner.CreateReplaySafeLogger(logger);

    private static TaskOptions? ToTaskOptions(WorkflowTaskOptions? options)
    {
        if (options?.Retry is not { } retry)
        {
            return null;
        }

        // Durable caps the delay at 1 h when no maximum is given; the embedded engine does not cap it.
        var policy = retry.HandleFailure is { } handle
            ? new RetryPolicy(retry.MaxNumberOfAttempts, retry.FirstRetryInterval, retry.BackoffCoefficient, retry.MaxRetryInterval, retry.RetryTimeout)
            {
                HandleTaskFailureDetails = details => handle(DurableFailures.ToWorkflow(details)),
            }
            : new RetryPolicy(retry.MaxNumberOfAttempts, retry.FirstRetryInterval, retry.BackoffCoefficient, retry.MaxRetryInterval, retry.RetryTimeout);
        return TaskOptions.FromRetryPolicy(policy);
    }

    private static WorkflowTaskFailedException Failed(TaskFailedException exception) =>
        new(exception.TaskName, exception.TaskId, DurableFailures.ToWorkflow(exception.FailureDetails));
}
