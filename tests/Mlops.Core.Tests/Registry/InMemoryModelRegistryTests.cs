using Mlops.Core.Registry;

namespace Mlops.Core.Tests.Registry;

public sealed class InMemoryModelRegistryTests : ModelRegistryContract
{
    private readonly InMemoryModelRegistry _registry = new();

    protected override IModelRegistry Registry => _registry;

    protected override Task<int> CountArtifactsAsync(string model) => Task.FromResult(_registry.CountArtifacts(model));
}
