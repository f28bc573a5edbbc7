using System.Collections.Concurrent;

namespace Mlops.Workflows.Tests.Infrastructure;

/// <summary>Counts side effects by key (e.g. "activity A of instance X completed"), thread-safe.</summary>
public sealed class Counter
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public void Add(string key) => _counts.AddOrUpdate(key, 1, (_, n) => n + 1);

    public int this[string key] => _counts.GetValueOrDefault(key);

    public int Total => _counts.Values.Sum();

    public IReadOnlyDictionary<string, int> Snapshot() => new Dictionary<string, int>(_counts);
}
