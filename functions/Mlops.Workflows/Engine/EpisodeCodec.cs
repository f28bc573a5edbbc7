using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;

namespace Mlops.Workflows.Engine;

/// <summary>
/// Stores a step as table rows in the instance's partition: JSON split into binary properties of at most 64 KiB, 14 per
/// row (entities are at most 1 MiB), rows keyed <c>h{executionId}{sequence:D8}{part:D2}</c> so one range query reads an
/// execution's history in order and each step's first row key is unique (a second commit of the same step conflicts).
/// </summary>
internal static class EpisodeCodec
{
    public const string HistoryPrefix = "h";
    private const int ChunkBytes = 64 * 1000;
    private const int ChunksPerRow = 14;

    public static string RowKey(string executionId, int sequence, int part) =>
        string.Create(CultureInfo.InvariantCulture, $"{HistoryPrefix}{executionId}{sequence:D8}{part:D2}");

    public static bool TryParseRowKey(string rowKey, out string executionId, out int sequence, out int part)
    {
        executionId = string.Empty;
        sequence = 0;
        part = 0;
        if (!rowKey.StartsWith(HistoryPrefix, StringComparison.Ordinal) || rowKey.Length != 1 + 32 + 8 + 2)
        {
            return false;
        }

        executionId = rowKey.Substring(1, 32);
        return int.TryParse(rowKey.AsSpan(33, 8), NumberStyles.None, CultureInfo.InvariantCulture, out sequence)
            && int.TryParse(rowKey.AsSpan(41, 2), NumberStyles.None, CultureInfo.InvariantCulture, out part);
    }

    public static List<TableEntity> Encode(string instanceId, string executionId, Episode episode)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(episode.Events, EngineJson.Options);
        if (bytes.Length > WorkflowLimits.MaxStepBytes)
        {
            throw new StepTooLargeException(bytes.Length);
        }

        var rows = new List<TableEntity>();
        var offset = 0;
        var part = 0;
        do
        {
            var row = new TableEntity(instanceId, RowKey(executionId, episode.Sequence, part))
            {
                ["At"] = episode.Timestamp,

                // Exact to the tick: replay must see the very clock the live step saw (NewGuid, timers derive from it).
                ["Ticks"] = episode.Timestamp.UtcTicks,
            };
            for (var chunk = 0; chunk < ChunksPerRow && offset < bytes.Length; chunk++)
            {
                var length = Math.Min(ChunkBytes, bytes.Length - offset);
                row["D" + chunk.ToString(CultureInfo.InvariantCulture)] = bytes.AsSpan(offset, length).ToArray();
                offset += length;
            }

            rows.Add(row);
            part++;
        }
        while (offset < bytes.Length);

        rows[0]["Parts"] = rows.Count;
        return rows;
    }

    /// <summary>Decodes an execution's rows (any order) into its steps in order.</summary>
    public static List<Episode> Decode(IEnumerable<TableEntity> rows)
    {
        var episodes = new List<Episode>();
        foreach (var group in rows
            .Select(row => (Row: row, Ok: TryParseRowKey(row.RowKey, out _, out var sequence, out var part), Sequence: sequence, Part: part))
            .Where(x => x.Ok)
            .GroupBy(x => x.Sequence)
            .OrderBy(g => g.Key))
        {
            var parts = group.OrderBy(x => x.Part).Select(x => x.Row).ToList();
            var expected = parts[0].GetInt32("Parts") ?? 1;
            if (parts.Count != expected)
            {
                throw new InvalidDataException($"History step {group.Key} of instance '{parts[0].PartitionKey}' has {parts.Count} of {expected} rows.");
            }

            using var buffer = new MemoryStream();
            foreach (var row in parts)
            {
                for (var chunk = 0; chunk < ChunksPerRow; chunk++)
                {
                    if (row.GetBinary("D" + chunk.ToString(CultureInfo.InvariantCulture)) is not { } data)
                    {
                        break;
                    }

                    buffer.Write(data);
                }
            }

            var events = JsonSerializer.Deserialize<List<HistoryEvent>>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), EngineJson.Options) ?? [];
            var ticks = parts[0].GetInt64("Ticks") ?? parts[0].GetDateTimeOffset("At")?.UtcTicks ?? 0;
            episodes.Add(new Episode(group.Key, new DateTimeOffset(ticks, TimeSpan.Zero), events));
        }

        return episodes;
    }
}
