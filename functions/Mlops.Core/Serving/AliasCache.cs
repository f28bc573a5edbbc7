using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mlops.Core.Diagnostics;
using Mlops.Core.Registry;

namespace Mlops.Core.Serving;

/// <summary>
/// Alias → version resolutions, reused for <see cref="ServingOptions.AliasCacheSeconds"/>. Each process asks the registry
/// again once that time has passed, so an alias move reaches every server within seconds without a registry read per
/// request. In the second interval after expiry the previous answer is still served while one background read
/// refreshes it, so no request waits on the registry while traffic flows; after that a request waits for a fresh answer.
/// </summary>
internal sealed class AliasCache
{
    private readonly ConcurrentDictionary<(string Model, string Alias), Entry> _entries = new();
    private readonly IModelRegistry _registry;
    private readonly TimeProvider _time;
    private readonly ILogger<AliasCache> _logger;
    private readonly TimeSpan _ttl;

    public AliasCache(IModelRegistry registry, IOptions<ServingOptions> options, TimeProvider time, ILogger<AliasCache> logger)
    {
        _registry = registry;
        _time = time;
        _logger = logger;
        _ttl = TimeSpan.FromSeconds(options.Value.AliasCacheSeconds);
    }

    /// <summary>The version an alias points to, or a 404 from the registry.</summary>
    public ValueTask<ModelVersion> ResolveAsync(string model, string alias, CancellationToken cancellationToken = default)
    {
        if (_ttl <= TimeSpan.Zero)
        {
            return new ValueTask<ModelVersion>(_registry.ResolveAsync(model, new ModelReference(null, alias), cancellationToken));
        }

        var key = (model, alias);
        if (_entries.TryGetValue(key, out var entry))
        {
            var task = entry.Source.Task;
            if (task.IsCompletedSuccessfully)
            {
                var age = _time.GetElapsedTime(entry.FetchedAt);
                if (age < _ttl)
                {
                    return new ValueTask<ModelVersion>(task.Result);
                }

                if (age < _ttl * 2)
                {
                    Refresh(key, entry);
                    return new ValueTask<ModelVersion>(task.Result);
                }
            }
            else if (!task.IsCompleted)
            {
                return new ValueTask<ModelVersion>(task.WaitAsync(cancellationToken));
            }
        }

        return FetchAsync(key, entry, cancellationToken);
    }

    private async ValueTask<ModelVersion> FetchAsync((string Model, string Alias) key, Entry? stale, CancellationToken cancellationToken)
    {
        var fresh = new Entry(_time.GetTimestamp());
        var won = stale is null ? _entries.TryAdd(key, fresh) : _entries.TryUpdate(key, fresh, stale);
        if (!won)
        {
            // Another request is fetching (or just fetched) it: share that answer.
            if (_entries.TryGetValue(key, out var current))
            {
                return await current.Source.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            return await _registry.ResolveAsync(key.Model, new ModelReference(null, key.Alias), cancellationToken).ConfigureAwait(false);
        }

        _ = CompleteAsync(key, fresh, PreviousVersion(stale));
        return await fresh.Source.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private void Refresh((string Model, string Alias) key, Entry stale)
    {
        if (Interlocked.CompareExchange(ref stale.Refreshing, 1, 0) != 0)
        {
            return;
        }

        _ = RefreshAsync(key, stale);
    }

    private async Task RefreshAsync((string Model, string Alias) key, Entry stale)
    {
        var fresh = new Entry(_time.GetTimestamp());
        try
        {
            var version = await _registry.ResolveAsync(key.Model, new ModelReference(null, key.Alias), CancellationToken.None).ConfigureAwait(false);
            fresh.Source.SetResult(version);
            _entries.TryUpdate(key, fresh, stale);
            NoteMove(key, PreviousVersion(stale), version);
        }
        catch (MlopsException ex) when (ex.Category == ErrorCategory.NotFound)
        {
            // The alias or model is gone: the next request asks the registry and gets the 404.
            _entries.TryRemove(KeyValuePair.Create(key, stale));
        }
        catch (Exception)
        {
            // Keep serving the previous answer until it is too old; a later request retries.
            Volatile.Write(ref stale.Refreshing, 0);
        }
    }

    private async Task CompleteAsync((string Model, string Alias) key, Entry entry, int? previous)
    {
        try
        {
            var version = await _registry.ResolveAsync(key.Model, new ModelReference(null, key.Alias), CancellationToken.None).ConfigureAwait(false);
            entry.Source.SetResult(version);
            NoteMove(key, previous, version);
        }
        catch (Exception ex)
        {
            // Failures are not cached.
            _entries.TryRemove(KeyValuePair.Create(key, entry));
            entry.Source.SetException(ex);
        }
    }

    private void NoteMove((string Model, string Alias) key, int? previous, ModelVersion version)
    {
        if (previous is { } from && from != version.Version)
        {
            ServingLog.AliasMoved(_logger, key.Model, key.Alias, from, version.Version);
        }
    }

    private static int? PreviousVersion(Entry? entry) =>
        entry is not null && entry.Source.Task.IsCompletedSuccessfully ? entry.Source.Task.Result.Version : null;

    private sealed class Entry(long fetchedAt)
    {
        public TaskCompletionSource<ModelVersion> Source { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long FetchedAt { get; } = fetchedAt;

        public int Refreshing;
    }
}
