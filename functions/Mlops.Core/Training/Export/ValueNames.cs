namespace Mlops.Core.Training.Export;

/// <summary>Unique value names for a graph whose inputs are user column names: a hint, suffixed until unused.</summary>
internal sealed class ValueNames
{
    private readonly HashSet<string> _used;

    public ValueNames(IEnumerable<string> reserved)
    {
        _used = new HashSet<string>(reserved, StringComparer.Ordinal);
    }

    public string Next(string hint)
    {
        ArgumentException.ThrowIfNullOrEmpty(hint);
        var name = hint;
        for (var i = 2; !_used.Add(name); i++)
        {
            name = $"{hint}_{i}";
        }

        return name;
    }
}
