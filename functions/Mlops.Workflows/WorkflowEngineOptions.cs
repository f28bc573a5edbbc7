using System.Text.Json;
using System.Text.RegularExpressions;

namespace Mlops.Workflows;

/// <summary>
/// Settings of the embedded engine and its client. Every host sharing a task hub must use the same
/// <see cref="TaskHub"/>, <see cref="StoragePrefix"/> and <see cref="PartitionCount"/>.
/// </summary>
public sealed partial class WorkflowEngineOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Workflows";

    /// <summary>JSON options for payloads when none are set: web defaults (camelCase).</summary>
    public static JsonSerializerOptions DefaultSerializerOptions { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The task hub: a name for one set of tables and queues, so several apps (or test runs) can share an account.
    /// A letter, then letters or digits, at most 30 characters. Default <c>Workflows</c>.
    /// </summary>
    public string TaskHub { get; set; } = "Workflows";

    /// <summary>Prefix of every table and queue name (as Mlops.Core's <c>Storage:Prefix</c>): lower-case letters and digits. Default none.</summary>
    public string StoragePrefix { get; set; } = string.Empty;

    /// <summary>
    /// Partitions of the task hub (1-16): each has one control queue and is owned by one host at a time, which runs its
    /// instances. More partitions spread work over more hosts; each costs an idle queue poll. Default 4.
    /// </summary>
    public int PartitionCount { get; set; } = 4;

    /// <summary>Activities run at once in this host (1-1000). Default 100.</summary>
    public int MaxConcurrentActivities { get; set; } = 100;

    /// <summary>How long a partition lease lasts without renewal: how soon a crashed host's work moves on. Default 30 s.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often leases are renewed and rebalanced; under a third of <see cref="LeaseDuration"/>. Default 5 s.</summary>
    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest wait between polls of an idle control queue. Default 1 s.</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a received control message stays invisible; it is deleted once its effect is committed, so this bounds
    /// how late a message is redelivered after a crash. Default 1 min.
    /// </summary>
    public TimeSpan MessageVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>First poll interval of <see cref="IWorkflowClient.WaitForCompletionAsync"/> (it backs off to 1 s). Default 100 ms.</summary>
    public TimeSpan CompletionPollingInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Create the task hub's tables and queues when missing. Default true.</summary>
    public bool CreateIfNotExists { get; set; } = true;

    /// <summary>This host's name in leases; default: machine, process and a random suffix.</summary>
    public string? WorkerId { get; set; }

    /// <summary>JSON options for inputs, outputs, results and events; default <see cref="DefaultSerializerOptions"/>.</summary>
    public JsonSerializerOptions? SerializerOptions { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (!TaskHubPattern().IsMatch(TaskHub ?? string.Empty))
        {
            throw new ArgumentException($"Workflows:TaskHub must be a letter followed by letters or digits, 3-30 characters; got '{TaskHub}'.", nameof(TaskHub));
        }

        if (!PrefixPattern().IsMatch(StoragePrefix ?? string.Empty))
        {
            throw new ArgumentException($"Workflows:StoragePrefix must be 0-20 lower-case letters or digits; got '{StoragePrefix}'.", nameof(StoragePrefix));
        }

        Check(PartitionCount is >= 1 and <= 16, nameof(PartitionCount), "must be 1-16");
        Check(MaxConcurrentActivities is >= 1 and <= 1000, nameof(MaxConcurrentActivities), "must be 1-1000");
        Check(LeaseDuration >= TimeSpan.FromSeconds(1), nameof(LeaseDuration), "must be at least 1 s");
        Check(LeaseRenewInterval > TimeSpan.Zero && LeaseRenewInterval * 3 <= LeaseDuration, nameof(LeaseRenewInterval), "must be positive and at most a third of LeaseDuration");
        Check(MaxPollingInterval >= TimeSpan.FromMilliseconds(10), nameof(MaxPollingInterval), "must be at least 10 ms");
        Check(MessageVisibilityTimeout >= TimeSpan.FromSeconds(5), nameof(MessageVisibilityTimeout), "must be at least 5 s");
        Check(CompletionPollingInterval > TimeSpan.Zero, nameof(CompletionPollingInterval), "must be positive");
    }

    private static void Check(bool ok, string name, string rule)
    {
        if (!ok)
        {
            throw new ArgumentException($"Workflows:{name} {rule}.", name);
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,29}$")]
    private static partial Regex TaskHubPattern();

    [GeneratedRegex("^[a-z0-9]{0,20}$")]
    private static partial Regex PrefixPattern();
}
