using System.Text.Json;
using Mlops.Core.Api;

namespace Mlops.Core.Training.Workflows;

/// <summary>
/// The last few prepared trainings of this process, by request (whose data is a content-addressed snapshot, so equal
/// requests mean equal rows): the candidates of a sweep fanned out to one host read and split the data once, while a
/// step on another host, or after a restart, prepares it again from the snapshot.
/// </summary>
internal sealed class PreparedTrainingCache(TrainingService training)
{
    private const int Capacity = 2;

    private readonly Lock _gate = new();
    private readonly LinkedList<(string Key, Lazy<Task<PreparedTraining>> Value)> _entries = new();

    /// <summary>Remembers data already prepared (by the prepare step) under the request later steps will ask with.</summary>
    public void Put(TrainingRequest request, PreparedTraining prepared)
    {
        var key = JsonSerializer.Serialize(request, MlopsJson.Options);
        var entry = new Lazy<Task<PreparedTraining>>(Task.FromResult(prepared));
        lock (_gate)
        {
            var node = _entries.First;
            while (node is not null && !string.Equals(node.Value.Key, key, StringComparison.Ordinal))
            {
                node = node.Next;
            }

            if (node is not null)
            {
                _entries.Remove(node);
            }

            _entries.AddFirst((key, entry));
            while (_entries.Count > Capacity)
            {
                _entries.RemoveLast();
            }
        }
    }

    public async Task<PreparedTraining> GetAsync(TrainingRequest request, CancellationToken cancellationToken)
    {
        var key = JsonSerializer.Serialize(request, MlopsJson.Options);
        Lazy<Task<PreparedTraining>> entry;
        lock (_gate)
        {
            var node = _entries.First;
            while (node is not null && !string.Equals(node.Value.Key, key, StringComparison.Ordinal))
            {
                node = node.Next;
            }

            if (node is null)
            {
                // Not the caller's token: the load is shared by every step waiting for it.
                entry = new Lazy<Task<PreparedTraining>>(() => training.PrepareAsync(training.Plan(request), null, CancellationToken.None));
                _entries.AddFirst((key, entry));
                while (_entries.Count > Capacity)
                {
                    _entries.RemoveLast();
                }
            }
            else
            {
                entry = node.Value.Value;
                _entries.Remove(node);
                _entries.AddFirst(node);
            }
        }

        try
        {
            return await entry.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (entry.IsValueCreated && entry.Value.IsFaulted)
        {
            lock (_gate)
            {
                var node = _entries.First;
                while (node is not null && !ReferenceEquals(node.Value.Value, entry))
                {
                    node = node.Next;
                }

                if (node is not null)
                {
                    _entries.Remove(node);
                }
            }

            throw;
        }
    }
}
