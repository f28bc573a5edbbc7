using System.Globalization;
using Cronos;
using Mlops.Core.Diagnostics;
using Mlops.Core.Features;
using Mlops.Core.Registry;
using Mlops.Core.Training.Data;
using Mlops.Core.Training.Evaluation;

namespace Mlops.Core.Training.Workflows;

/// <summary>Checks of a <see cref="ModelPolicy"/> (and of a run's gate override) before it is stored or a run starts.</summary>
internal static class ModelPolicyRules
{
    public static void Validate(string model, ModelPolicy policy, TrainingService training)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.Training is { } request)
        {
            if (request.Model is not null && !string.Equals(request.Model, model, StringComparison.Ordinal))
            {
                throw MlopsException.Validation($"training.model must be absent or '{model}' (the policy's model); got '{request.Model}'.", "training.model");
            }

            if (request.Data is not null)
            {
                throw MlopsException.Validation("training.data must be absent: each run brings its data (the dropped blob, or the latest under training-data/{model}/).", "training.data");
            }

            if (string.IsNullOrWhiteSpace(request.Label))
            {
                throw MlopsException.Validation("training.label is required: the label column every run of this model trains on.", "training.label");
            }

            if (request.DataWindow is { } window)
            {
                FeatureDuration.Parse(window, DataWindowSelector.Field);
            }

            Prefixed("training.", () => training.Validate(request with { Model = model, Data = PlaceholderData(model), DataWindow = null }));
        }

        if (policy.Gate is { } gate)
        {
            ValidateGate(gate, "gate.");
        }

        if (policy.Retraining is { } retraining)
        {
            ValidateRetraining(retraining);
        }
    }

    public static void ValidateGate(GatePolicy gate, string prefix)
    {
        ArgumentNullException.ThrowIfNull(gate);
        if (!Enum.IsDefined(gate.Mode))
        {
            throw MlopsException.Validation($"{prefix}mode must be automatic or approval.", prefix + "mode");
        }

        if (gate.Metric is { } metric && !TaskMetrics.All.Contains(metric))
        {
            throw MlopsException.Validation(
                $"{prefix}metric '{metric}' is unknown; use one of {string.Join(", ", TaskMetrics.All.Order(StringComparer.Ordinal).Select(m => $"'{m}'"))}.", prefix + "metric");
        }

        if (!double.IsFinite(gate.Margin) || gate.Margin < 0)
        {
            throw MlopsException.Validation($"{prefix}margin must be a finite number of at least 0; got {gate.Margin.ToString(CultureInfo.InvariantCulture)}.", prefix + "margin");
        }

        if (gate.ApprovalTimeout <= TimeSpan.Zero || gate.ApprovalTimeout > GatePolicy.MaxApprovalTimeout)
        {
            throw MlopsException.Validation($"{prefix}approvalTimeout must be above 0 and at most 30 days; got {gate.ApprovalTimeout}.", prefix + "approvalTimeout");
        }

        ModelNames.ValidateAlias(gate.ChampionAlias, prefix + "championAlias");
        if (gate.ChallengerAlias is { } challenger)
        {
            ModelNames.ValidateAlias(challenger, prefix + "challengerAlias");
            if (string.Equals(challenger, gate.ChampionAlias, StringComparison.Ordinal))
            {
                throw MlopsException.Validation($"{prefix}challengerAlias must differ from the champion alias.", prefix + "challengerAlias");
            }
        }
    }

    public static void ValidateRetraining(RetrainingPolicy retraining)
    {
        if (retraining.Cron is { } cron)
        {
            try
            {
                CronExpression.Parse(cron, CronFormat.IncludeSeconds);
            }
            catch (CronFormatException ex)
            {
                throw MlopsException.Validation($"retraining.cron '{cron}' is not a six-field cron expression (seconds first): {ex.Message}", "retraining.cron", ex);
            }
        }

        if (retraining.TimeZone is { } zone && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            throw MlopsException.Validation($"retraining.timeZone '{zone}' is not a known time zone.", "retraining.timeZone");
        }
    }

    /// <summary>A syntactically valid location, so a policy's training settings can be checked without data.</summary>
    public static string PlaceholderData(string model) => $"blob://{DatasetContainers.TrainingData}/{model}/data.csv";

    public static async Task PrefixedAsync(string prefix, Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (MlopsException ex) when (ex.Field is { } field && !field.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new MlopsException(ex.Category, ex.Message, prefix + field, ex);
        }
    }

    public static void Prefixed(string prefix, Action action)
    {
        try
        {
            action();
        }
        catch (MlopsException ex) when (ex.Field is { } field && !field.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new MlopsException(ex.Category, ex.Message, prefix + field, ex);
        }
    }
}
