namespace Mlops.Core.Pipelines;

/// <summary>Which workflow engine a host runs (<c>Workflows:Engine</c>).</summary>
public enum WorkflowEngineMode
{
    /// <summary>The embedded durable engine runs in this process (the standalone server; the default).</summary>
    Embedded,

    /// <summary>
    /// Only the embedded engine's client: this process starts and manages workflows whose engine runs in other processes
    /// sharing the task hub.
    /// </summary>
    Client,

    /// <summary>
    /// Neither: the host brings its own engine and hands an <see cref="IPipelineClient"/> to each request (the Functions
    /// app, where Durable Functions runs the workflows).
    /// </summary>
    None,
}
