using Mlops.Core.Diagnostics;
using Mlops.Core.Registry;

namespace Mlops.Core.Serving;

/// <summary>Resolves a model reference to a leased, loaded version: explicit versions directly, aliases through the cache.</summary>
internal sealed class ServingEngine(IModelRegistry registry, AliasCache aliases, ModelSessions sessions)
{
    public ModelSessions Sessions => sessions;

    /// <summary>Leases the version a reference names, loading it when needed; 404 when it does not resolve.</summary>
    public async ValueTask<ModelLease> AcquireAsync(string model, ModelReference reference, CancellationToken cancellationToken = default)
    {
        // Versions are immutable: once loaded, no registry read is needed.
        if (reference.Version is { } number && sessions.TryAcquire(model, number, out var loaded))
        {
            return new ModelLease(loaded, null);
        }

        var version = await ResolveAsync(model, reference, cancellationToken).ConfigureAwait(false);
        var alias = reference.Version is null ? reference.Alias ?? ModelReference.DefaultAlias : null;
        if (sessions.TryAcquire(version.Name, version.Version, out var served))
        {
            return new ModelLease(served, alias);
        }

        return new ModelLease(await sessions.AcquireAsync(version, cancellationToken).ConfigureAwait(false), alias);
    }

    /// <summary>The registry record a reference names, without loading it; 404 naming the model, version or alias missing.</summary>
    public async ValueTask<ModelVersion> ResolveAsync(string model, ModelReference reference, CancellationToken cancellationToken = default)
    {
        try
        {
            return reference.Version is null
                ? await aliases.ResolveAsync(model, reference.Alias ?? ModelReference.DefaultAlias, cancellationToken).ConfigureAwait(false)
                : await registry.ResolveAsync(model, reference, cancellationToken).ConfigureAwait(false);
        }
        catch (MlopsException ex) when (ex.Category == ErrorCategory.NotFound && ex.Field != "name")
        {
            // "No alias 'champion'" is true but unhelpful when the model itself does not exist.
            if (await registry.FindModelAsync(model, cancellationToken).ConfigureAwait(false) is null)
            {
                throw MlopsException.NotFound($"Model '{model}' is not registered.", "name");
            }

            throw;
        }
    }
}
