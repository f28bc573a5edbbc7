namespace Mlops.Core.Serving;

/// <summary>A request's hold on a loaded model version; disposing it lets an unloaded version be disposed.</summary>
/// <param name="model">The model version.</param>
/// <param name="alias">The alias it was reached through, or null for an explicit version.</param>
internal readonly struct ModelLease(ServedModel model, string? alias) : IDisposable
{
    public ServedModel Model { get; } = model;

    public string? Alias { get; } = alias;

    public void Dispose() => Model?.Release();
}
