namespace Mlops.Core.Pipelines.Triggers;

/// <summary>
/// Which workflow a new blob in a container starts. Register with
/// <see cref="PipelinesServiceCollectionExtensions.AddBlobTrigger"/>; the last registration for a container wins.
/// </summary>
/// <param name="Container">The container's logical name (resolved through <c>StorageNames</c>).</param>
/// <param name="Workflow">The workflow to start.</param>
/// <param name="Input">Builds the workflow's input from the drop; default: the <see cref="BlobDrop"/> itself.</param>
public sealed record BlobTriggerRoute(string Container, string Workflow, Func<BlobDrop, object?>? Input = null);
