using System.Text.Json;

namespace Mlops.Core.Monitoring.Drift;

/// <summary>
/// Turns logged predictions into current columns: each input row's properties by the reference's feature names, each
/// output by its prediction names (a scalar output goes to the only prediction column). A value of the wrong type
/// counts as invalid and missing; a record whose inputs are not a JSON array of objects is skipped whole and counted;
/// outputs that do not match the inputs row for row leave that record's predictions missing.
/// </summary>
internal sealed class PredictionLogParser
{
    private const int MaxStackChars = 256;
    private readonly LogColumnBuilder[] _all;
    private readonly Group _features;
    private readonly Group _predictions;
    private readonly long[] _invalidAtStart;

    public PredictionLogParser(DriftReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        _all = [.. reference.Columns.Select(c => new LogColumnBuilder(c.Name, c.Type, IsBoolean(c)))];
        _features = new Group([.. _all.Where((_, i) => reference.Columns[i].Role == DriftColumnRole.Feature)]);
        _predictions = new Group([.. _all.Where((_, i) => reference.Columns[i].Role == DriftColumnRole.Prediction)]);
        _invalidAtStart = new long[_all.Length];
    }

    public int Rows { get; private set; }

    private static bool IsBoolean(ReferenceColumn column) =>
        column.Categories.Length > 0 && column.OtherCount == 0 && column.Categories.All(c => c is "true" or "false");

    public int SkippedRecords { get; private set; }

    public void Add(PredictionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        for (var b = 0; b < _all.Length; b++)
        {
            _invalidAtStart[b] = _all[b].Invalid;
        }

        var start = Rows;
        var added = TryReadRows(record.Inputs.Span, _features, start, requireObjects: true, int.MaxValue);
        if (added < 0)
        {
            Rollback(_all, start);
            SkippedRecords++;
            return;
        }

        Rows = start + added;
        var outputs = TryReadRows(record.Outputs.Span, _predictions, start, requireObjects: false, added);
        if (outputs != added)
        {
            Rollback(_predictions.Builders, start);
        }

        foreach (var builder in _all)
        {
            while (builder.Count < Rows)
            {
                builder.AddMissing();
            }
        }
    }

    public DriftCurrent Build() =>
        new([.. _all.Select(b => b.Build())], Rows, SkippedRecords, _all.ToDictionary(b => b.Name, b => b.Invalid, StringComparer.Ordinal));

    private void Rollback(LogColumnBuilder[] builders, int start)
    {
        foreach (var builder in builders)
        {
            builder.Truncate(start, _invalidAtStart[Array.IndexOf(_all, builder)]);
        }
    }

    /// <summary>Reads a JSON array of rows into a group; the number of rows, or −1 when it is not a usable array.</summary>
    private static int TryReadRows(ReadOnlySpan<byte> json, Group group, int firstRow, bool requireObjects, int maxRows)
    {
        try
        {
            return ReadRows(json, group, firstRow, requireObjects, maxRows);
        }
        catch (JsonException)
        {
            return -1;
        }
    }

    private static int ReadRows(ReadOnlySpan<byte> json, Group group, int firstRow, bool requireObjects, int maxRows)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            return -1;
        }

        Span<char> buffer = stackalloc char[MaxStackChars];
        var rows = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (rows == maxRows)
            {
                return -1;
            }

            var row = firstRow + rows;
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    LogColumnBuilder? target;
                    if (reader.ValueSpan.Length <= MaxStackChars && !reader.ValueIsEscaped)
                    {
                        // UTF-8 never takes fewer bytes than UTF-16 chars, so an unescaped name fits the buffer.
                        var length = reader.CopyString(buffer);
                        group.Lookup.TryGetValue(buffer[..length], out target);
                    }
                    else
                    {
                        group.Lookup.TryGetValue(reader.GetString()!, out target);
                    }

                    reader.Read();

                    // A repeated property keeps its first value.
                    ReadValue(ref reader, target?.Count == row ? target : null, buffer);
                }
            }
            else if (requireObjects)
            {
                return -1;
            }
            else
            {
                var only = group.Builders.Length == 1 ? group.Builders[0] : null;
                ReadValue(ref reader, only, buffer);
            }

            rows++;
            foreach (var builder in group.Builders)
            {
                while (builder.Count < row + 1)
                {
                    builder.AddMissing();
                }
            }
        }

        return reader.TokenType == JsonTokenType.EndArray ? rows : -1;
    }

    private static void ReadValue(ref Utf8JsonReader reader, LogColumnBuilder? target, scoped Span<char> buffer)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if (target is null)
                {
                    break;
                }

                if (reader.TryGetDouble(out var number))
                {
                    target.AddNumber(number);
                }
                else
                {
                    target.AddInvalid();
                }

                break;
            case JsonTokenType.String:
                if (target is null)
                {
                    break;
                }

                if (reader.ValueSpan.Length <= buffer.Length && !reader.ValueIsEscaped)
                {
                    target.AddText(buffer[..reader.CopyString(buffer)]);
                }
                else
                {
                    target.AddText(reader.GetString());
                }

                break;
            case JsonTokenType.True:
            case JsonTokenType.False:
                target?.AddBoolean(reader.TokenType == JsonTokenType.True);
                break;
            case JsonTokenType.Null:
                target?.AddMissing();
                break;
            default:
                target?.AddInvalid();
                reader.Skip();
                break;
        }
    }

    private sealed class Group
    {
        public Group(LogColumnBuilder[] builders)
        {
            Builders = builders;
            Lookup = builders.ToDictionary(b => b.Name, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public LogColumnBuilder[] Builders { get; }

        public Dictionary<string, LogColumnBuilder>.AlternateLookup<ReadOnlySpan<char>> Lookup { get; }
    }
}
