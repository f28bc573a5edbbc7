using Mlops.Core.Registry;

namespace Mlops.Core.Serving;

/// <summary>Resolves a model reference to a leased, loaded version: explicit versions directly, aliases through the cache.</summary>
internal sealed class ServingEngine(IModelRegistry registry, AliasCache aliases, ModelSessions sessions)
{
    public ModelSessions Sessions => sessions;

    /// <summary>Leases the version a reference names, loading it when needed; 404 when it does not resolve.</summary>
    public async ValueTask<ModelLease> AcquireAsync(string model, ModelReference reference, CancellationToken cancellationToken = default)
    {
        if (reference.Version is { } number)
        {
            // Versions are immutable: once loaded, no registry read is needed.
            if (sessions.TryAcquire(model, number, out var loaded))
            {
                return new ModelLease(loaded, null);
            }

            var version = await registry.ResolveAsync(model, reference, cancellationToken).ConfigureAwait(false);
            return new ModelLease(await sessions.AcquireAsync(version, cancellationToken).ConfigureAwait(false), null);
        }

        var alias = reference.Alias ?? ModelReference.DefaultAlias;
        var target = await aliases.ResolveAsync(model, alias, cancellationToken).ConfigureAwait(false);
        if (sessions.TryAcquire(target.Name, target.Version, out var served))
        {
            return new ModelLease(served, alias);
        }

        return new ModelLease(await sessions.AcquireAsync(target, cancellationToken).ConfigureAwait(false), alias);
    }

    /// <summary>The registry record a reference names, without loading it.</summary>
    public ValueTask<ModelVersion> ResolveAsync(string model, ModelReference reference, CancellationToken cancellationToken = default) =>
        reference.Version is null
            ? aliases.ResolveAsync(model, reference.Alias ?? ModelReference.DefaultAlias, cancellationToken)
            : new ValueTask<ModelVersion>(registry.ResolveAsync(model, reference, cancellationToken));
}
