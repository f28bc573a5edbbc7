namespace Mlops.Core.Pipelines;

/// <summary>
/// The workflow client a host hands to the code of one invocation (scoped): the Functions app sets Durable's client here
/// for an activity that starts workflows, since its engine is not in the container. Code reads it and falls back to the
/// registered <see cref="IPipelineClient"/> (the embedded engine's in the server).
/// </summary>
public sealed class PipelineClientScope
{
    /// <summary>The client of this invocation, or null.</summary>
    public IPipelineClient? Client { get; set; }
}
