namespace Mlops.Workflows.Engine;

/// <summary>One <see cref="WorkflowServiceCollectionExtensions.AddWorkflows"/> call, applied when the registry is built.</summary>
internal sealed record WorkflowRegistration(Action<WorkflowRegistry> Configure);
