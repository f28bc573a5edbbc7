using Mlops.Core.Training.Data;

namespace Mlops.Core.Monitoring.Checks;

/// <summary>What one check compares.</summary>
/// <param name="Trigger"><c>schedule</c> or <c>request</c>.</param>
/// <param name="Alias">The alias whose version is checked; default the policy's.</param>
/// <param name="Version">A version to check instead of the alias's.</param>
/// <param name="From">Start of the log window; default <paramref name="To"/> minus the policy's window.</param>
/// <param name="To">End of the log window (exclusive); default now.</param>
/// <param name="Upload">Current data sent with the check, instead of the log.</param>
/// <param name="CheckId">The check's id (a scheduled run passes one derived from its instance, so a re-run activity stores one check).</param>
internal sealed record MonitoringCheckRequest(
    string Trigger,
    string? Alias = null,
    int? Version = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    TabularDataset? Upload = null,
    string? CheckId = null);
