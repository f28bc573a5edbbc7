using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mlops.Workflows.Engine;

/// <summary>
/// The embedded durable engine of one host. It holds leases on a fair share of the task hub's partitions (rebalanced
/// as hosts come and go) and runs a <see cref="PartitionWorker"/> for each; a stopped host hands its partitions over,
/// a crashed host's leases expire and are taken.
/// </summary>
internal sealed class WorkflowEngine : IHostedService, IAsyncDisposable
{
    private readonly ConcurrentDictionary<int, PartitionWorker> _workers = new();
    private readonly CancellationTokenSource _crash = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task _leaseLoop = Task.CompletedTask;
    private bool _started;

    public WorkflowEngine(WorkflowStore store, WorkflowRegistry registry, IServiceProvider services, ILogger<WorkflowEngine> logger)
    {
        Store = store;
        Registry = registry;
        Services = services;
        Logger = logger;
        WorkerId = store.Options.WorkerId
            ?? string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        Activities = new ActivityRunner(this, store.Options.MaxConcurrentActivities);
    }

    public WorkflowStore Store { get; }

    public WorkflowRegistry Registry { get; }

    public IServiceProvider Services { get; }

    public ILogger Logger { get; }

    public string WorkerId { get; }

    public ActivityRunner Activities { get; }

    public WorkflowEngineOptions Options => Store.Options;

    public JsonSerializerOptions Json => Store.Json;

    /// <summary>Cancelled only by <see cref="CrashAsync"/>: aborts storage calls mid-flight, like a killed process.</summary>
    public CancellationToken Crashed => _crash.Token;

    /// <summary>Partitions this host runs now.</summary>
    public IReadOnlyCollection<int> OwnedPartitions => _workers.Keys.Order().ToList();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await Store.EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        Store.MessageSent += OnMessageSent;
        Store.LocalDelivery = TryDeliverLocally;
        await BalanceAsync(cancellationToken).ConfigureAwait(false);
        _leaseLoop = Task.Run(LeaseLoopAsync, CancellationToken.None);
        _started = true;
        WorkflowLog.EngineStarted(Logger, WorkerId, Options.TaskHub, Store.PartitionCount);
    }

    /// <summary>Stops gracefully: finishes the steps in progress, then hands the partitions back.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!_started)
        {
            return;
        }

        _started = false;
        Store.MessageSent -= OnMessageSent;
        Store.LocalDelivery = null;
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _leaseLoop.ConfigureAwait(false);
        var workers = _workers.Values.ToList();
        await Task.WhenAll(workers.Select(worker => worker.StopAsync(graceful: true))).ConfigureAwait(false);
        try
        {
            var now = Store.Time.GetUtcNow();
            foreach (var lease in await Store.ReadLeasesAsync(cancellationToken).ConfigureAwait(false))
            {
                if (lease.Owner == WorkerId)
                {
                    await Store.TryWriteLeaseAsync(lease with { Owner = string.Empty, ExpiresAt = now }, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The leases expire on their own.
            WorkflowLog.LeaseError(Logger, WorkerId, ex);
        }

        _workers.Clear();
        WorkflowLog.EngineStopped(Logger, WorkerId);
    }

    /// <summary>
    /// For tests: stops as if the process were killed. Storage calls in flight are aborted, nothing is committed or
    /// deleted any more, leases are left to expire and held messages to reappear.
    /// </summary>
    public async Task CrashAsync()
    {
        _started = false;
        Store.MessageSent -= OnMessageSent;
        Store.LocalDelivery = null;
        await _crash.CancelAsync().ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _leaseLoop.ConfigureAwait(false);
        await Task.WhenAll(_workers.Values.Select(worker => worker.StopAsync(graceful: false))).ConfigureAwait(false);
        _workers.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _crash.Dispose();
        _stopping.Dispose();
    }

    private bool TryDeliverLocally(string instanceId, InboxItem item) =>
        _workers.TryGetValue(Store.PartitionOf(instanceId), out var worker) && worker.TryPost(instanceId, item);

    private void OnMessageSent(int partition)
    {
        if (_workers.TryGetValue(partition, out var worker))
        {
            worker.Nudge();
        }
    }

    private async Task LeaseLoopAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Options.LeaseRenewInterval, token).ConfigureAwait(false);
                await BalanceAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                WorkflowLog.LeaseError(Logger, WorkerId, ex);
            }
        }
    }

    /// <summary>
    /// Renews this host's leases, hands one over when another host asked for it and this host has more than its share,
    /// takes free or expired ones up to its share, and otherwise asks the busiest host for one.
    /// </summary>
    private async Task BalanceAsync(CancellationToken cancellationToken)
    {
        var leases = await Store.ReadLeasesAsync(cancellationToken).ConfigureAwait(false);
        var now = Store.Time.GetUtcNow();
        var expires = now + Options.LeaseDuration;
        var hosts = leases.Where(l => l.IsHeld(now)).Select(l => l.Owner)
            .Concat(leases.Where(l => l.RequestedBy.Length > 0 && l.RequestedAt > now - Options.LeaseDuration).Select(l => l.RequestedBy))
            .Append(WorkerId)
            .ToHashSet(StringComparer.Ordinal);
        var share = (Store.PartitionCount + hosts.Count - 1) / hosts.Count;
        var mine = leases.Count(l => l.Owner == WorkerId);

        foreach (var lease in leases.Where(l => l.Owner == WorkerId))
        {
            var requested = lease.RequestedBy.Length > 0 && lease.RequestedBy != WorkerId && lease.RequestedAt > now - Options.LeaseDuration;
            if (requested && mine > share)
            {
                await StopWorkerAsync(lease.Partition).ConfigureAwait(false);
                if (await Store.TryWriteLeaseAsync(lease with { Owner = lease.RequestedBy, ExpiresAt = expires, RequestedBy = string.Empty }, cancellationToken).ConfigureAwait(false))
                {
                    WorkflowLog.PartitionReleased(Logger, lease.Partition, WorkerId, lease.RequestedBy);
                }

                mine--;
                continue;
            }

            if (await Store.TryWriteLeaseAsync(lease with { ExpiresAt = expires }, cancellationToken).ConfigureAwait(false))
            {
                StartWorker(lease.Partition);
            }
        }

        foreach (var lease in leases.Where(l => l.Owner != WorkerId && _workers.ContainsKey(l.Partition)))
        {
            WorkflowLog.PartitionLost(Logger, lease.Partition, WorkerId);
            await StopWorkerAsync(lease.Partition).ConfigureAwait(false);
        }

        foreach (var lease in leases.Where(l => l.Owner != WorkerId && !l.IsHeld(now)))
        {
            if (mine >= share)
            {
                break;
            }

            if (await Store.TryWriteLeaseAsync(lease with { Owner = WorkerId, ExpiresAt = expires, RequestedBy = string.Empty }, cancellationToken).ConfigureAwait(false))
            {
                mine++;
                StartWorker(lease.Partition);
            }
        }

        if (mine < share)
        {
            var busiest = leases.Where(l => l.IsHeld(now) && l.Owner != WorkerId)
                .GroupBy(l => l.Owner)
                .Where(g => g.Count() > share)
                .OrderByDescending(g => g.Count())
                .FirstOrDefault();
            var target = busiest?.FirstOrDefault(l => l.RequestedBy.Length == 0 || l.RequestedAt <= now - Options.LeaseDuration);
            if (target is not null)
            {
                await Store.TryWriteLeaseAsync(target with { RequestedBy = WorkerId, RequestedAt = now }, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private void StartWorker(int partition)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        var worker = new PartitionWorker(this, partition);
        if (_workers.TryAdd(partition, worker))
        {
            worker.Start();
            WorkflowLog.PartitionAcquired(Logger, partition, WorkerId);
        }
    }

    private async Task StopWorkerAsync(int partition)
    {
        if (_workers.TryRemove(partition, out var worker))
        {
            await worker.StopAsync(graceful: true).ConfigureAwait(false);
        }
    }
}
