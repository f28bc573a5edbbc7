using Mlops.Core.Storage;

namespace Mlops.Core.Pipelines.Triggers;

/// <summary>The registered routes by physical container name (the last registration of a container wins).</summary>
internal sealed class BlobTriggerRoutes
{
    private readonly Dictionary<string, BlobTriggerRoute> _byContainer;

    public BlobTriggerRoutes(IEnumerable<BlobTriggerRoute> routes, StorageNames names)
    {
        _byContainer = new Dictionary<string, BlobTriggerRoute>(StringComparer.Ordinal);
        foreach (var route in routes)
        {
            _byContainer[names.Container(route.Container)] = route;
        }

        Names = names;
    }

    public StorageNames Names { get; }

    /// <summary>Routes with the physical name of their container.</summary>
    public IEnumerable<(string PhysicalContainer, BlobTriggerRoute Route)> All =>
        _byContainer.Select(pair => (pair.Key, pair.Value));

    public BlobTriggerRoute? Find(string physicalContainer) => _byContainer.GetValueOrDefault(physicalContainer);
}
