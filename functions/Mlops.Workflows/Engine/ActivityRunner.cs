using Microsoft.Extensions.DependencyInjection;

namespace Mlops.Workflows.Engine;

/// <summary>Runs activities in-process, at most <see cref="WorkflowEngineOptions.MaxConcurrentActivities"/> at once, each in its own DI scope.</summary>
internal sealed class ActivityRunner(WorkflowEngine engine, int maxConcurrency)
{
    private readonly SemaphoreSlim _slots = new(maxConcurrency, maxConcurrency);

    public void Start(InstanceActor actor, int generation, OpenTask task, CancellationToken cancellationToken) =>
        _ = Task.Run(() => RunAsync(actor, generation, task, cancellationToken), CancellationToken.None);

    private async Task RunAsync(InstanceActor actor, int generation, OpenTask task, CancellationToken cancellationToken)
    {
        try
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            ActivityResultItem result;
            try
            {
                var output = await InvokeAsync(actor.InstanceId, task, cancellationToken).ConfigureAwait(false);
                result = new ActivityResultItem(generation, task.Id, output, null);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                WorkflowLog.ActivityFailed(engine.Logger, task.Name ?? "?", task.Id, actor.InstanceId, ex);
                result = new ActivityResultItem(generation, task.Id, null, WorkflowFailureDetails.FromException(ex));
            }

            actor.TryPost(result);
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task<string?> InvokeAsync(string instanceId, OpenTask task, CancellationToken cancellationToken)
    {
        var definition = engine.Registry.FindActivity(task.Name ?? string.Empty)
            ?? throw new InvalidOperationException($"No activity named '{task.Name}' is registered in this host.");
        var input = EngineJson.DeserializePayload(task.Input, definition.InputType, engine.Store.Json);
        var scope = engine.Services.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var context = new ActivityContext(definition.Name, instanceId, task.Id, scope.ServiceProvider);
            var output = await definition.Run(input, context, cancellationToken).ConfigureAwait(false);
            return EngineJson.SerializePayload(output, definition.OutputType, engine.Store.Json, $"result of activity '{definition.Name}'");
        }
    }
}
