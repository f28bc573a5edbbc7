using System.Globalization;
using System.Text.RegularExpressions;

namespace Mlops.Workflows.Engine;

/// <summary>Table and queue names of a task hub: <c>{prefix}{hub}Instances</c>, <c>{prefix}{hub}Partitions</c>, <c>{prefix}{hub}-control-NN</c>.</summary>
internal sealed partial class TaskHubNames
{
    public TaskHubNames(string prefix, string taskHub, int partitionCount)
    {
        InstancesTable = prefix + taskHub + "Instances";
        PartitionsTable = prefix + taskHub + "Partitions";
        ControlQueues = Enumerable.Range(0, partitionCount)
            .Select(p => (prefix + taskHub).ToLowerInvariant() + "-control-" + p.ToString("D2", CultureInfo.InvariantCulture))
            .ToArray();
        foreach (var table in new[] { InstancesTable, PartitionsTable })
        {
            if (!TableName().IsMatch(table))
            {
                throw new ArgumentException($"'{table}' is not a valid table name (a letter, then letters or digits, 3-63 characters): check the storage prefix and task hub name.");
            }
        }

        if (ControlQueues[0].Length > 63)
        {
            throw new ArgumentException($"'{ControlQueues[0]}' is longer than 63 characters: shorten the storage prefix or task hub name.");
        }
    }

    public string InstancesTable { get; }

    public string PartitionsTable { get; }

    public IReadOnlyList<string> ControlQueues { get; }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableName();
}
