using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Azure;
using Azure.Data.Tables;
using Cronos;
using Microsoft.Extensions.Logging;
using Mlops.Core.Diagnostics;
using Mlops.Core.Storage;

namespace Mlops.Core.Pipelines.Scheduling;

/// <summary>
/// See <see cref="IWorkflowScheduler"/>. Per schedule one row (the last occurrence handled and the instance it started),
/// shared by every host: an occurrence's instance id is derived from the key and its time, so two hosts that both find it
/// due start it once (the second start is refused as existing), and the row's last instance tells whether the previous run
/// still runs (then the occurrence is skipped).
/// </summary>
internal sealed partial class WorkflowScheduler(
    IEnumerable<IWorkflowScheduleSource> sources,
    PipelineLauncher launcher,
    TableServiceClient tables,
    StorageNames names,
    TimeProvider time,
    ILogger<WorkflowScheduler> logger) : IWorkflowScheduler
{
    public const string StateTable = "PipelineSchedules";
    private const string Partition = "schedule";

    private readonly TableClient _state = tables.GetTableClient(names.Table(StateTable));
    private readonly ConcurrentDictionary<string, CronExpression?> _expressions = new(StringComparer.Ordinal);

    public async Task<DateTimeOffset?> TickAsync(IPipelineClient? client = null, CancellationToken cancellationToken = default)
    {
        DateTimeOffset? earliest = null;
        foreach (var source in sources)
        {
            foreach (var schedule in await source.GetSchedulesAsync(cancellationToken).ConfigureAwait(false))
            {
                DateTimeOffset? next;
                try
                {
                    next = await EvaluateAsync(schedule, client, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    PipelineLog.ScheduleFailed(logger, ex, schedule.Key, time.GetUtcNow());
                    continue;
                }

                if (next is { } value && (earliest is null || value < earliest))
                {
                    earliest = value;
                }
            }
        }

        return earliest;
    }

    private async Task<DateTimeOffset?> EvaluateAsync(WorkflowSchedule schedule, IPipelineClient? client, CancellationToken cancellationToken)
    {
        if (!KeyPattern().IsMatch(schedule.Key))
        {
            PipelineLog.ScheduleInvalid(logger, schedule.Key, "the key must be 1-100 letters, digits, '-', '_' or '.'");
            return null;
        }

        var expression = Parse(schedule);
        if (expression is null)
        {
            return null;
        }

        var zone = schedule.TimeZone ?? TimeZoneInfo.Utc;
        var now = time.GetUtcNow();
        var state = await ReadAsync(schedule.Key, cancellationToken).ConfigureAwait(false);
        if (state is null || !string.Equals(state.GetString("Cron"), schedule.Cron, StringComparison.Ordinal))
        {
            // New (or changed) schedule: it counts from now, so deploying one does not fire a past occurrence.
            await AnchorAsync(schedule, state, now, cancellationToken).ConfigureAwait(false);
            return expression.GetNextOccurrence(now, zone);
        }

        var last = state.GetDateTimeOffset("LastDue") ?? now;
        var due = expression.GetNextOccurrence(last, zone);
        if (due is null || due > now)
        {
            return due;
        }

        // Occurrences missed while no host ran collapse into the latest one.
        var latest = expression.GetOccurrences(last, now, zone, fromInclusive: false, toInclusive: true).Last();
        var (instanceId, outcome) = await RunOccurrenceAsync(schedule, state, latest, client, cancellationToken).ConfigureAwait(false);
        await RecordAsync(state, latest, instanceId, outcome, cancellationToken).ConfigureAwait(false);
        return expression.GetNextOccurrence(latest, zone);
    }

    private async Task<(string? InstanceId, string Outcome)> RunOccurrenceAsync(
        WorkflowSchedule schedule,
        TableEntity state,
        DateTimeOffset dueAt,
        IPipelineClient? client,
        CancellationToken cancellationToken)
    {
        var workflow = launcher.FindWorkflow(schedule.Workflow);
        if (workflow is null)
        {
            PipelineLog.ScheduleSkipped(logger, schedule.Key, dueAt, $"no workflow registered for {schedule.Workflow}");
            return (state.GetString("LastInstanceId"), "no-workflow");
        }

        var engine = launcher.ResolveClient(client);
        if (state.GetString("LastInstanceId") is { Length: > 0 } previous
            && await engine.FindInstanceAsync(previous, cancellationToken).ConfigureAwait(false) is { IsCompleted: false } running)
        {
            PipelineLog.ScheduleSkipped(logger, schedule.Key, dueAt, $"the previous run {running.InstanceId} is still {running.RuntimeStatus}");
            return (previous, "skipped-running");
        }

        var instanceId = $"{schedule.Key}-{dueAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";
        object? input;
        try
        {
            input = launcher.ValidateInput(workflow, schedule.Input?.Invoke(new ScheduleOccurrence(schedule.Key, dueAt, instanceId)));
        }
        catch (MlopsException ex) when (ex.Category == ErrorCategory.Validation)
        {
            PipelineLog.ScheduleInvalid(logger, schedule.Key, ex.Message);
            return (state.GetString("LastInstanceId"), "invalid-input");
        }

        if (await launcher.TryStartAsync(engine, workflow, input, instanceId, cancellationToken).ConfigureAwait(false))
        {
            PipelineLog.ScheduleStarted(logger, schedule.Key, dueAt, workflow.Name, instanceId);
            return (instanceId, "started");
        }

        PipelineLog.ScheduleSkipped(logger, schedule.Key, dueAt, $"instance {instanceId} was already started (by another host)");
        return (instanceId, "already-started");
    }

    private CronExpression? Parse(WorkflowSchedule schedule) =>
        _expressions.GetOrAdd(schedule.Cron, cron =>
        {
            try
            {
                return CronExpression.Parse(cron, CronFormat.IncludeSeconds);
            }
            catch (CronFormatException ex)
            {
                PipelineLog.ScheduleInvalid(logger, schedule.Key, $"'{cron}' is not a six-field cron expression (seconds first): {ex.Message}");
                return null;
            }
        });

    private async Task<TableEntity?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        var row = await _state.GetEntityIfExistsAsync<TableEntity>(Partition, key, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? row.Value : null;
    }

    private async Task AnchorAsync(WorkflowSchedule schedule, TableEntity? existing, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var row = new TableEntity(Partition, schedule.Key)
        {
            ["Cron"] = schedule.Cron,
            ["Workflow"] = schedule.Workflow,
            ["LastDue"] = now,
            ["LastInstanceId"] = existing?.GetString("LastInstanceId"),
            ["LastOutcome"] = "anchored",
        };
        try
        {
            if (existing is null)
            {
                await _state.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await _state.UpdateEntityAsync(row, existing.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Another host anchored it first.
        }
    }

    private async Task RecordAsync(TableEntity state, DateTimeOffset dueAt, string? instanceId, string outcome, CancellationToken cancellationToken)
    {
        state["LastDue"] = dueAt;
        state["LastInstanceId"] = instanceId;
        state["LastOutcome"] = outcome;
        try
        {
            await _state.UpdateEntityAsync(state, state.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            // Another host recorded this occurrence first; its row stands.
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex KeyPattern();
}
