using System.Text.Json.Serialization;

namespace Mlops.Core.Training.Workflows;

/// <summary>A model's retraining schedule: the scheduler starts <c>RetrainingWorkflow</c> (reason <c>schedule</c>) on it.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RetrainingPolicy
{
    /// <summary>Six-field cron (seconds first), e.g. <c>0 0 3 * * 1</c> (Mondays 03:00); null: no schedule.</summary>
    public string? Cron { get; init; }

    /// <summary>The time zone the cron is read in (an IANA or Windows id); default UTC.</summary>
    public string? TimeZone { get; init; }
}
