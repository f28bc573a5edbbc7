using System.Globalization;
using System.Text.Json;
using Mlops.Core.Diagnostics;

namespace Mlops.Core.Features;

/// <summary>
/// The key of one entity: its values of the view's entity columns, in the view's order, as text. Numbers are written in
/// the invariant culture's shortest round-trip form (<c>1001</c>, <c>2.5</c>), booleans as <c>true</c>/<c>false</c>, so a
/// key read from a CSV, a Parquet file or a JSON request is the same key. Any text is allowed: the stores encode keys
/// (characters Azure Table keys cannot hold, length) themselves.
/// </summary>
public sealed class EntityKey : IEquatable<EntityKey>
{
    private readonly string[] _values;

    /// <summary>Creates a key from its values, one per entity column.</summary>
    public EntityKey(params IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("An entity key has at least one value.", nameof(values));
        }

        _values = new string[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            _values[i] = values[i] ?? throw new ArgumentException("Entity key values cannot be null.", nameof(values));
        }
    }

    /// <summary>The values, one per entity column.</summary>
    public IReadOnlyList<string> Values => _values;

    /// <summary>The text of a number as it appears in keys.</summary>
    public static string FormatNumber(double value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The key text of a JSON value (a request's entity value): strings as they are, numbers as <see cref="FormatNumber"/>,
    /// booleans as <c>true</c>/<c>false</c>; anything else is a validation error naming <paramref name="field"/>.
    /// </summary>
    public static string FormatJson(JsonElement value, string field) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.TryGetDouble(out var number) && double.IsFinite(number)
            ? FormatNumber(number)
            : throw MlopsException.Validation($"Entity value {value.GetRawText()} is not a finite number.", field),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => throw MlopsException.Validation(
            $"Entity values must be strings, numbers or booleans; got {value.ValueKind.ToString().ToLowerInvariant()}.", field),
    };

    /// <inheritdoc />
    public bool Equals(EntityKey? other) =>
        other is not null && _values.AsSpan().SequenceEqual(other._values, StringComparer.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as EntityKey);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var value in _values)
        {
            hash.Add(value, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    /// <summary>The values joined with '|', for messages and logs.</summary>
    public override string ToString() => string.Join('|', _values);
}
