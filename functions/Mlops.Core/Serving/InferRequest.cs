namespace Mlops.Core.Serving;

/// <summary>A parsed Open Inference Protocol infer request.</summary>
/// <param name="batch">The input tensors.</param>
/// <param name="id">The request's <c>id</c>, echoed in the response, if it sent one.</param>
/// <param name="outputs">Indexes of the model outputs to return.</param>
internal sealed class InferRequest(InputBatch batch, string? id, int[] outputs) : IDisposable
{
    public InputBatch Batch { get; } = batch;

    public string? Id { get; } = id;

    public int[] Outputs { get; } = outputs;

    public void Dispose() => Batch.Dispose();
}
