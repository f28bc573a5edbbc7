using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using Mlops.Core.Pipelines;
using Mlops.Core.Pipelines.Triggers;
using Mlops.Workflows;

namespace Mlops.Server.Tests.Pipelines;

/// <summary>Workflows the pipeline tests start through the server; <see cref="Drop"/> is started by drops into <see cref="DropContainer"/>.</summary>
public static class TestWorkflows
{
    public const string Echo = "TestEcho";
    public const string WaitForGo = "TestWaitForGo";
    public const string Fail = "TestFail";
    public const string Typed = "TestTyped";
    public const string Drop = "TestDrop";
    public const string DropContainer = "test-drops";

    /// <summary>A trigger container routed to a workflow no one registers.</summary>
    public const string UnregisteredContainer = "test-unregistered";
    public const string Unregistered = "TestUnregisteredWorkflow";

    /// <summary>Instance ids each run of the drop workflow saw, by blob name (one entry per run).</summary>
    public static ConcurrentDictionary<string, ConcurrentBag<string>> DropRuns { get; } = new();

    public static void Register(WorkflowRegistry registry) => registry
        .AddActivity<string, string>("TestUpper", (text, _, _) => Task.FromResult(text.ToUpperInvariant()))
        .AddWorkflow<string, string>(Echo, async (context, text) =>
        {
            context.SetCustomStatus(new { step = "upper" });
            return await context.CallActivityAsync<string>("TestUpper", text);
        })
        .AddWorkflow<GoInput, string>(WaitForGo, async (context, input) =>
        {
            context.SetCustomStatus(new { waitingFor = "go" });
            var go = await context.WaitForExternalEvent<GoSignal>("go");
            return $"{input.Name}:{go.Who}";
        })
        .AddPlatformWorkflow<string, string>(Fail, (_, text) => throw new InvalidOperationException("boom: " + text))
        .AddWorkflow<TypedInput, int>(Typed, (_, input) => Task.FromResult(input.Count * 2))
        .AddWorkflow<BlobDrop, string>(Drop, (context, drop) =>
        {
            if (!context.IsReplaying)
            {
                DropRuns.GetOrAdd(drop.BlobName, _ => []).Add(context.InstanceId);
            }

            return Task.FromResult(drop.Key);
        });
}

public sealed record GoInput(string Name);

public sealed record GoSignal(string Who);

public sealed record TypedInput(string Model, [property: Range(1, 10)] int Count);
