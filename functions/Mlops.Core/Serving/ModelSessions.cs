using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using Mlops.Core.Diagnostics;
using Mlops.Core.Onnx;
using Mlops.Core.Registry;

namespace Mlops.Core.Serving;

/// <summary>
/// The warm ONNX Runtime sessions, one per (model, version), loaded from the registry artifact on first use (concurrent
/// first requests share one load) and unloaded when idle for <see cref="ServingOptions.SessionIdleSeconds"/> or when
/// more than <see cref="ServingOptions.MaxSessions"/> are loaded (least recently used first). Unloading waits for the
/// requests holding a lease.
/// </summary>
internal sealed class ModelSessions : IDisposable
{
    private static readonly System.Diagnostics.Metrics.Counter<long> LoadedCounter =
        MlopsTelemetry.Meter.CreateCounter<long>("mlops.serving.sessions.loaded", description: "Model versions loaded into ONNX Runtime.");

    private static readonly System.Diagnostics.Metrics.Counter<long> DisposedCounter =
        MlopsTelemetry.Meter.CreateCounter<long>("mlops.serving.sessions.disposed", description: "ONNX Runtime sessions disposed after unloading.");

    private readonly ConcurrentDictionary<SessionKey, Slot> _slots = new();
    private readonly IModelRegistry _registry;
    private readonly ServingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ModelSessions> _logger;
    private readonly ITimer _sweeper;
    private long _loads;
    private long _disposals;
    private int _disposed;

    public ModelSessions(IModelRegistry registry, IOptions<ServingOptions> options, TimeProvider time, ILogger<ModelSessions> logger)
    {
        _registry = registry;
        _options = options.Value;
        _time = time;
        _logger = logger;
        var interval = TimeSpan.FromSeconds(Math.Clamp(_options.SessionIdleSeconds / 4, 1, 60));
        _sweeper = time.CreateTimer(static state => ((ModelSessions)state!).UnloadIdle(), this, interval, interval);
    }

    /// <summary>How many sessions have been created (a diagnostic for tests and metrics).</summary>
    public long Loads => Interlocked.Read(ref _loads);

    /// <summary>How many sessions have been disposed.</summary>
    public long Disposals => Interlocked.Read(ref _disposals);

    /// <summary>The versions loaded now.</summary>
    public IReadOnlyList<(string Model, int Version)> Loaded =>
        [.. _slots.Where(s => s.Value.TryGetLoaded(out _)).Select(s => (s.Key.Model, s.Key.Version)).Order()];

    /// <summary>Leases a version that is already loaded, without touching the registry.</summary>
    public bool TryAcquire(string model, int version, [NotNullWhen(true)] out ServedModel? served)
    {
        if (_slots.TryGetValue(new SessionKey(model, version), out var slot) && slot.TryGetLoaded(out served) && served.TryAcquire(_time.GetTimestamp()))
        {
            return true;
        }

        served = null;
        return false;
    }

    /// <summary>Leases a version, loading it first when needed. The caller releases the returned model.</summary>
    public async ValueTask<ServedModel> AcquireAsync(ModelVersion version, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var key = new SessionKey(version.Name, version.Version);
        while (true)
        {
            var slot = _slots.GetOrAdd(key, static (_, state) => new Slot(state.Owner, state.Version), (Owner: this, Version: version));
            ServedModel served;
            try
            {
                // The load is shared, so it is not cancelled with this request; only the wait is.
                served = await slot.Loading.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // A failed load is not cached: the next request tries again.
                _slots.TryRemove(KeyValuePair.Create(key, slot));
                throw;
            }

            if (served.TryAcquire(_time.GetTimestamp()))
            {
                return served;
            }

            // Unloaded between the load and this lease: load again.
            _slots.TryRemove(KeyValuePair.Create(key, slot));
        }
    }

    /// <summary>Unloads the versions idle for longer than <see cref="ServingOptions.SessionIdleSeconds"/>.</summary>
    public void UnloadIdle()
    {
        var idle = TimeSpan.FromSeconds(_options.SessionIdleSeconds);
        foreach (var (key, slot) in _slots)
        {
            if (slot.TryGetLoaded(out var served) && _time.GetElapsedTime(served.LastUsed) >= idle)
            {
                Unload(key, slot, "idle");
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _sweeper.Dispose();
        foreach (var (key, slot) in _slots)
        {
            if (slot.TryGetLoaded(out _))
            {
                Unload(key, slot, "shutting down");
            }
        }
    }

    private async Task<ServedModel> LoadAsync(ModelVersion version)
    {
        var started = _time.GetTimestamp();
        try
        {
            byte[] onnx;
            var stream = await _registry.OpenArtifactAsync(version, CancellationToken.None).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                onnx = await ReadAllAsync(stream, version.SizeBytes).ConfigureAwait(false);
            }

            var digest = Convert.ToHexStringLower(SHA256.HashData(onnx));
            if (!string.Equals(digest, version.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                ServingLog.ArtifactDigestMismatch(_logger, version.Name, version.Version, digest, version.Sha256);
                throw MlopsException.Unavailable(
                    $"The artifact of model '{version.Name}' version {version.Version} does not match its registered SHA-256, so it is not served.");
            }

            var served = CreateModel(version, onnx, started);
            Interlocked.Increment(ref _loads);
            LoadedCounter.Add(1);
            ServingLog.SessionLoaded(_logger, version.Name, version.Version, _time.GetElapsedTime(started).TotalMilliseconds, onnx.LongLength);
            UnloadOverCapacity(new SessionKey(version.Name, version.Version));
            return served;
        }
        catch (Exception ex)
        {
            ServingLog.SessionLoadFailed(_logger, ex, version.Name, version.Version);
            throw;
        }
    }

    private ServedModel CreateModel(ModelVersion version, byte[] onnx, long started)
    {
        InferenceSession session;
        using (var options = CreateSessionOptions())
        {
            try
            {
                session = new InferenceSession(onnx, options);
            }
            catch (OnnxRuntimeException ex)
            {
                throw MlopsException.Unprocessable(
                    $"Model '{version.Name}' version {version.Version} cannot be loaded by ONNX Runtime: {ex.Message}", "model", ex);
            }
        }

        try
        {
            session.ModelMetadata.CustomMetadataMap.TryGetValue(ModelSchema.FeatureNamesKey, out var featureNames);
            var schema = ModelSchema.Create(SessionSignature.Read(session), featureNames);
            return new ServedModel(version, session, schema, _time.GetTimestamp(), OnDisposed);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private SessionOptions CreateSessionOptions()
    {
        var options = new SessionOptions
        {
            IntraOpNumThreads = _options.IntraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };

        // Spinning threads would fight the web server for the few cores a small machine has.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        options.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
        return options;
    }

    private void UnloadOverCapacity(SessionKey keep)
    {
        while (_slots.Count > _options.MaxSessions)
        {
            KeyValuePair<SessionKey, Slot>? oldest = null;
            var oldestUse = long.MaxValue;
            foreach (var entry in _slots)
            {
                if (!entry.Key.Equals(keep) && entry.Value.TryGetLoaded(out var served) && served.LastUsed < oldestUse)
                {
                    oldest = entry;
                    oldestUse = served.LastUsed;
                }
            }

            if (oldest is not { } victim)
            {
                return;
            }

            Unload(victim.Key, victim.Value, "over the session limit");
        }
    }

    private void Unload(SessionKey key, Slot slot, string reason)
    {
        if (_slots.TryRemove(KeyValuePair.Create(key, slot)) && slot.TryGetLoaded(out var served))
        {
            ServingLog.SessionEvicted(_logger, key.Model, key.Version, reason);
            served.Release();
        }
    }

    private void OnDisposed(ServedModel served)
    {
        Interlocked.Increment(ref _disposals);
        DisposedCounter.Add(1);
        ServingLog.SessionDisposed(_logger, served.Name, served.Number);
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream, long expectedLength)
    {
        using var buffer = new MemoryStream(expectedLength is > 0 and < int.MaxValue ? (int)expectedLength : 0);
        await stream.CopyToAsync(buffer).ConfigureAwait(false);
        return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
    }

    private readonly record struct SessionKey(string Model, int Version);

    private sealed class Slot(ModelSessions owner, ModelVersion version)
    {
        private readonly Lazy<Task<ServedModel>> _loading = new(() => owner.LoadAsync(version));

        public Task<ServedModel> Loading => _loading.Value;

        public bool TryGetLoaded([NotNullWhen(true)] out ServedModel? served)
        {
            if (_loading.IsValueCreated && _loading.Value.IsCompletedSuccessfully)
            {
                served = _loading.Value.Result;
                return true;
            }

            served = null;
            return false;
        }
    }
}
