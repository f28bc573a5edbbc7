namespace Mlops.Core.Features;

/// <summary>
/// Stores feature view definitions, versioned: defining a view validates it and adds a version when its content changed
/// (the same content again returns the stored version). Names are case-sensitive.
/// </summary>
public interface IFeatureRegistry
{
    /// <summary>Validates and stores a definition; returns the new version, or the latest one when it has the same content.</summary>
    /// <exception cref="Diagnostics.MlopsException">Validation (400) naming the field at fault.</exception>
    Task<FeatureView> DefineAsync(FeatureViewDefinition definition, CancellationToken cancellationToken = default);

    /// <summary>A view's latest version, or the given one; 404 when absent.</summary>
    Task<FeatureView> GetAsync(string name, int? version = null, CancellationToken cancellationToken = default);

    /// <summary>A view's latest version, or the given one; null when absent.</summary>
    Task<FeatureView?> FindAsync(string name, int? version = null, CancellationToken cancellationToken = default);

    /// <summary>The latest version of every view, by name.</summary>
    IAsyncEnumerable<FeatureView> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Every version of a view, oldest first (none when the view does not exist).</summary>
    IAsyncEnumerable<FeatureView> ListVersionsAsync(string name, CancellationToken cancellationToken = default);
}
