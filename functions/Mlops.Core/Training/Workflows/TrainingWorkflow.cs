using System.Globalization;
using Mlops.Core.Diagnostics;
using Mlops.Core.Pipelines;
using Mlops.Core.Training.Experiments;
using Mlops.Core.Training.Sweeps;
using Mlops.Workflows;

namespace Mlops.Core.Training.Workflows;

/// <summary>
/// <c>TrainingWorkflow</c>: prepare (validate, profile, snapshot, split) → train the candidates (one activity each, fanned
/// out) → pick the best on validation → measure it and the current champion on the same test rows → register it with
/// lineage (run id = this instance) → gate (automatic by margin, or an <c>approval</c> event with a timeout that rejects) →
/// move aliases. <c>PipelineCompleted</c> / <c>PipelineFailed</c> are published by <see cref="PlatformWorkflow{TInput, TOutput}"/>,
/// <c>ModelVersionRegistered</c> / <c>AliasChanged</c> by the registry. The version is registered before the gate, so an
/// approver can try it by number; only the aliases wait for the decision.
/// </summary>
internal sealed class TrainingWorkflow : PlatformWorkflow<TrainingInput, TrainingOutcome>
{
    /// <summary>The event an approval gate waits for; its data is a <see cref="TrainingApproval"/>.</summary>
    public const string ApprovalEvent = "approval";

    private const int Steps = 6;

    /// <summary>Transient failures are retried; a platform error (bad data, a 4xx) is final at once.</summary>
    internal static readonly WorkflowTaskOptions Retry = WorkflowTaskOptions.FromRetryPolicy(
        new WorkflowRetryPolicy(3, TimeSpan.FromSeconds(5), 2.0, TimeSpan.FromMinutes(1))
        {
            HandleFailure = failure => !failure.IsCausedBy<MlopsException>(),
        });

    // Workflow code: deterministic, awaits only tasks of the context.
    protected override async Task<TrainingOutcome> ExecuteAsync(IWorkflowContext context, TrainingInput input)
    {
        context.SetCustomStatus(new TrainingProgress("prepare", 1, Steps));
        var sweepId = RunIds.SweepId(context.CurrentUtcDateTime, context.NewGuid());
        var prepared = await context.CallActivityAsync<PreparedStep>(PipelineWorkflowNames.TrainingPrepare, new PrepareStepInput(input, sweepId, new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero)), Retry);
        var summary = prepared.Summary;
        var gate = prepared.Gate;

        var best = await TrainCandidatesAsync(context, prepared);

        context.SetCustomStatus(new TrainingProgress("evaluate", 3, Steps));
        var evaluation = await context.CallActivityAsync<EvaluationStepResult>(
            PipelineWorkflowNames.TrainingEvaluate,
            new EvaluateStepInput(prepared.Request, summary, best.RunId, best.ArtifactSha256!, gate.ChampionAlias),
            Retry);

        context.SetCustomStatus(new TrainingProgress("register", 4, Steps));
        var version = await context.CallActivityAsync<int>(
            PipelineWorkflowNames.TrainingRegister,
            new RegisterStepInput(
                prepared.Request, summary, best.RunId, best.Value!.Value, evaluation.TestMetrics, evaluation.BaselineMetrics,
                prepared.CandidateTrainers, input.Reason, WithSources(input.Details, summary.Sources), input.ReportUri, evaluation.TestConfusionMatrix),
            Retry);

        var verdict = TrainingGate.Judge(gate, summary, evaluation);
        var (promote, decision, reason, decidedBy) = gate.Mode == GateMode.Approval
            ? await WaitForApprovalAsync(context, gate, version, verdict)
            : (verdict.Promote, verdict.Promote ? "promoted" : "notPromoted", verdict.Reason, (string?)null);

        context.SetCustomStatus(new TrainingProgress("aliases", 6, Steps, Version: version, Comparison: verdict.Reason));
        if (promote)
        {
            await context.CallActivityAsync<bool>(
                PipelineWorkflowNames.TrainingSetAlias, new AliasStepInput(summary.Model, gate.ChampionAlias, version, decidedBy ?? TrainingActivities.Actor), Retry);
        }
        else if (gate.ChallengerAlias is { } challenger)
        {
            await context.CallActivityAsync<bool>(
                PipelineWorkflowNames.TrainingSetAlias, new AliasStepInput(summary.Model, challenger, version, decidedBy ?? TrainingActivities.Actor), Retry);
        }

        context.SetCustomStatus(new TrainingProgress("done", Steps, Steps, Version: version, Comparison: verdict.Reason));
        return new TrainingOutcome
        {
            Model = summary.Model,
            Version = version,
            Promoted = promote,
            Decision = decision,
            DecisionReason = reason,
            DecidedBy = decidedBy,
            Metric = verdict.Metric,
            ChallengerValue = verdict.ChallengerValue,
            ChampionVersion = evaluation.ChampionVersion,
            ChampionValue = verdict.ChampionValue,
            Experiment = summary.Experiment,
            SweepId = summary.SweepId,
            BestRunId = best.RunId,
            DataUri = summary.DataUri,
            Reason = input.Reason,
            TrainingInstanceId = context.InstanceId,
        };
    }

    private static async Task<CandidateStepResult> TrainCandidatesAsync(IWorkflowContext context, PreparedStep prepared)
    {
        var total = prepared.CandidateTrainers.Count;
        context.SetCustomStatus(new TrainingProgress("train", 2, Steps, Progress(0, total)));
        var remaining = Enumerable.Range(0, total)
            .Select(i => context.CallActivityAsync<CandidateStepResult>(
                PipelineWorkflowNames.TrainingCandidate, new CandidateStepInput(prepared.Request, prepared.Summary.SweepId, i), Retry))
            .ToList();
        var results = new List<CandidateStepResult>(total);
        while (remaining.Count > 0)
        {
            var finished = await Task.WhenAny(remaining);
            remaining.Remove(finished);
            results.Add(await finished);
            context.SetCustomStatus(new TrainingProgress("train", 2, Steps, Progress(results.Count, total)));
        }

        CandidateStepResult? best = null;
        foreach (var result in results.OrderBy(r => r.Index))
        {
            if (result is { Completed: true, Value: { } value, ArtifactSha256: not null }
                && (best is null || SweepRunner.IsBetter(value, result.Index, best.Value!.Value, best.Index, prepared.Summary.Goal)))
            {
                best = result;
            }
        }

        return best ?? throw TrainingService.NoWinner(
            [.. results.Where(r => !r.Completed).OrderBy(r => r.Index).Select(r => (r.RunId, r.Error))], total, prepared.Summary.Metric);
    }

    private static async Task<(bool Promote, string Decision, string Reason, string? By)> WaitForApprovalAsync(
        IWorkflowContext context, GatePolicy gate, int version, GateVerdict verdict)
    {
        var deadline = context.CurrentUtcDateTime.Add(gate.ApprovalTimeout);
        context.SetCustomStatus(new TrainingProgress("approval", 5, Steps, Version: version, WaitingFor: ApprovalEvent, Deadline: deadline, Comparison: verdict.Reason));
        using var timerCancellation = new CancellationTokenSource();
        using var eventCancellation = new CancellationTokenSource();
        var timer = context.CreateTimer(deadline, timerCancellation.Token);
        var answer = context.WaitForExternalEvent<TrainingApproval?>(ApprovalEvent, eventCancellation.Token);
        if (await Task.WhenAny(answer, timer) != answer)
        {
            eventCancellation.Cancel();
            return (false, "timedOut", $"No approval within {gate.ApprovalTimeout}; the version was not promoted.", null);
        }

        timerCancellation.Cancel();
        var approval = await answer;
        if (approval is null)
        {
            return (false, "rejected", "The approval event carried no data ({\"approved\": true|false, \"by\", \"reason\"}); treated as a rejection.", null);
        }

        var reason = approval.Reason ?? (approval.Approved ? "Approved." : "Rejected.");
        return (approval.Approved, approval.Approved ? "approved" : "rejected", reason, approval.By);
    }

    private static string Progress(int done, int total) => string.Create(CultureInfo.InvariantCulture, $"{done}/{total} candidates");

    // The version's lineage keeps one snapshot; when a data window combined several files, its reason details name them.
    internal static string? WithSources(string? details, IReadOnlyList<string>? sources) => sources is null
        ? details
        : (details is null ? string.Empty : details + "; ") + $"data: {sources.Count} files read as one (training.dataWindow): {string.Join(", ", sources)}";
}
