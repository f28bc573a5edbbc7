using Cronos;
using Mlops.Core.Diagnostics;
using Mlops.Core.Monitoring.Drift;

namespace Mlops.Core.Monitoring.Checks;

/// <summary>
/// How one model is monitored (<c>PUT /api/models/{name}/monitoring</c>): when its checks run, what they compare, when
/// they alert and whether an alert starts a retraining. Every member has a default, so <c>{}</c> is a valid policy.
/// </summary>
public sealed record MonitoringPolicy
{
    /// <summary>Hourly, on the hour (six fields, seconds first).</summary>
    public const string DefaultCron = "0 0 * * * *";

    /// <summary>The alias whose version is checked by default.</summary>
    public const string DefaultAlias = "champion";

    /// <summary>The defaults.</summary>
    public static MonitoringPolicy Default { get; } = new();

    /// <summary>Run scheduled checks. Default true; on-demand checks run either way.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The schedule of the checks, six-field cron (seconds first). Default hourly.</summary>
    public string Cron { get; init; } = DefaultCron;

    /// <summary>The alias whose serving version is checked: its reference and only its logged predictions. Default <c>champion</c>.</summary>
    public string Alias { get; init; } = DefaultAlias;

    /// <summary>The window of the prediction log a check reads, ending at the check. Default 1 hour; 1 minute to 7 days.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// What live data is compared with: <c>profile</c> (default: the serving version's training profile and reference
    /// sample) or <c>dataset</c> (the data set uploaded to <c>PUT /api/models/{name}/drift/reference</c>).
    /// </summary>
    public string Reference { get; init; } = ProfileReference;

    /// <summary>Compare with the serving version's training profile.</summary>
    public const string ProfileReference = "profile";

    /// <summary>Compare with the uploaded reference data set.</summary>
    public const string DatasetReference = "dataset";

    /// <summary>Drift methods, thresholds and the minimum rows (<see cref="DriftPolicy"/>; Evidently's defaults).</summary>
    public DriftPolicy Drift { get; init; } = DriftPolicy.Default;

    /// <summary>
    /// A live metric is degraded when it is worse than the version's test metric by more than this share of the test
    /// value (0.1: accuracy 0.90 → below 0.81; RMSE 2.0 → above 2.2). Default 0.1; in (0, 10].
    /// </summary>
    public double DegradationThreshold { get; init; } = 0.1;

    /// <summary>
    /// The predictions whose feedback live metrics are computed over, ending at the check: longer than the drift window,
    /// since actual outcomes arrive after the predictions. Default 1 day; 1 minute to 30 days.
    /// </summary>
    public TimeSpan PerformanceWindow { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Predictions with feedback a window needs before live metrics are judged. Default 30.</summary>
    public int MinFeedbackRows { get; init; } = 30;

    /// <summary>Start the retraining workflow when the data set drifts. Default false.</summary>
    public bool RetrainOnDrift { get; init; }

    /// <summary>Start the retraining workflow when performance degrades. Default false.</summary>
    public bool RetrainOnDegradation { get; init; }

    /// <summary>The least time between two retrainings this policy starts. Default 1 day; at most 90 days.</summary>
    public TimeSpan RetrainCooldown { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Checks every setting: a 400 <see cref="MlopsException"/> naming the first bad one.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Cron))
        {
            throw MlopsException.Validation("The cron schedule is required (six fields, seconds first, e.g. '0 0 * * * *').", "cron");
        }

        try
        {
            CronExpression.Parse(Cron, CronFormat.IncludeSeconds);
        }
        catch (CronFormatException ex)
        {
            throw MlopsException.Validation($"'{Cron}' is not a six-field cron expression (seconds first): {ex.Message}", "cron");
        }

        Registry.ModelNames.ValidateAlias(Alias, "alias");
        if (Reference is not (ProfileReference or DatasetReference))
        {
            throw MlopsException.Validation($"The reference must be '{ProfileReference}' or '{DatasetReference}'; got '{Reference}'.", "reference");
        }

        if (Window < TimeSpan.FromMinutes(1) || Window > TimeSpan.FromDays(7))
        {
            throw MlopsException.Validation($"The window must be from 1 minute to 7 days; got {Window}.", "window");
        }

        if (PerformanceWindow < TimeSpan.FromMinutes(1) || PerformanceWindow > TimeSpan.FromDays(30))
        {
            throw MlopsException.Validation($"The performance window must be from 1 minute to 30 days; got {PerformanceWindow}.", "performanceWindow");
        }

        if (Drift is null)
        {
            throw MlopsException.Validation("The drift policy may be left out but not null.", "drift");
        }

        Drift.Validate();
        if (!(DegradationThreshold > 0 && DegradationThreshold <= 10))
        {
            throw MlopsException.Validation($"The degradation threshold must be in (0, 10]; got {DegradationThreshold}.", "degradationThreshold");
        }

        if (MinFeedbackRows < 1)
        {
            throw MlopsException.Validation($"The minimum feedback rows must be at least 1; got {MinFeedbackRows}.", "minFeedbackRows");
        }

        if (RetrainCooldown < TimeSpan.Zero || RetrainCooldown > TimeSpan.FromDays(90))
        {
            throw MlopsException.Validation($"The retraining cool-down must be from 0 to 90 days; got {RetrainCooldown}.", "retrainCooldown");
        }
    }
}
