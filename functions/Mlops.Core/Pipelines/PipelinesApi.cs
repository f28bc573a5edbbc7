using System.Globalization;
using System.Text.Json;
using Mlops.Core.Api;
using Mlops.Core.Diagnostics;
using Mlops.Workflows;

namespace Mlops.Core.Pipelines;

/// <summary>
/// Workflow management over HTTP in Durable Functions' shapes: start (202 + <c>Location</c> + management links), status
/// (202 while running, 200 when finished), raise event, terminate, purge and list. The engine's client comes from the
/// request (the Functions app's Durable client) or from the container (the embedded engine).
/// </summary>
internal sealed class PipelinesApi(PipelineLauncher launcher)
{
    private const int DefaultTop = 100;
    private const int MaxTop = 1000;

    public async Task<ApiResponse> StartAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var workflow = launcher.GetWorkflow(request.RequireRouteValue("workflow"));
        var instanceId = request.GetQuery("instanceId") is { } given ? CheckInstanceId(given, "instanceId") : null;
        var input = launcher.ReadInput(workflow, await request.ReadBodyAsync(cancellationToken).ConfigureAwait(false));
        var client = launcher.ResolveClient(request.GetFeature<IPipelineClient>());

        var id = await launcher.StartAsync(client, workflow, input, instanceId, cancellationToken).ConfigureAwait(false);

        var payload = PipelineManagementPayload.For(request.BaseUrl, id);
        return ApiResponse.Json(payload, 202).WithHeader("Location", payload.StatusQueryGetUri);
    }

    public async Task<ApiResponse> GetStatusAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var instanceId = CheckInstanceId(request.RequireRouteValue("instanceId"), "instanceId");
        var showInput = ReadBool(request, "showInput", true);
        var client = launcher.ResolveClient(request.GetFeature<IPipelineClient>());

        var instance = await Call(() => client.FindInstanceAsync(instanceId, cancellationToken)).ConfigureAwait(false)
            ?? throw MlopsException.NotFound($"Workflow instance '{instanceId}' does not exist.", "instanceId");

        if (instance.IsCompleted)
        {
            return ApiResponse.Json(PipelineStatus.From(instance, showInput));
        }

        // As Durable: 202 with Location while the instance runs, so generic async-HTTP pollers keep polling.
        return ApiResponse.Json(PipelineStatus.From(instance, showInput), 202)
            .WithHeader("Location", PipelineManagementPayload.StatusUri(request.BaseUrl, instanceId));
    }

    public async Task<ApiResponse> ListAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var query = new WorkflowQuery
        {
            Statuses = ReadStatuses(request.GetQuery("status") ?? request.GetQuery("runtimeStatus")),
            Name = request.GetQuery("name") is { Length: > 0 } name ? name : null,
            CreatedFrom = ReadTime(request, "createdFrom") ?? ReadTime(request, "createdTimeFrom"),
            CreatedTo = ReadTime(request, "createdTo") ?? ReadTime(request, "createdTimeTo"),
        };
        var top = ReadTop(request);
        var showInput = ReadBool(request, "showInput", false);
        var client = launcher.ResolveClient(request.GetFeature<IPipelineClient>());

        var instances = new List<WorkflowInstance>();
        try
        {
            await foreach (var instance in client.ListInstancesAsync(query, cancellationToken).ConfigureAwait(false))
            {
                instances.Add(instance);
            }
        }
        catch (Exception ex) when (PipelineErrors.Translate(ex) is { } mapped)
        {
            throw mapped;
        }

        var page = instances
            .OrderByDescending(i => i.CreatedAt)
            .ThenBy(i => i.InstanceId, StringComparer.Ordinal)
            .Take(top)
            .Select(i => PipelineStatus.From(i, showInput))
            .ToList();
        return ApiResponse.Json(page);
    }

    public async Task<ApiResponse> RaiseEventAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var instanceId = CheckInstanceId(request.RequireRouteValue("instanceId"), "instanceId");
        var eventName = request.RequireRouteValue("event");
        var data = ReadOptionalJson(await request.ReadBodyAsync(cancellationToken).ConfigureAwait(false));
        var client = launcher.ResolveClient(request.GetFeature<IPipelineClient>());

        await Call(async () =>
        {
            await client.RaiseEventAsync(instanceId, eventName, data, cancellationToken).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
        return ApiResponse.Empty(202);
    }

    public async Task<ApiResponse> TerminateAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var instanceId = CheckInstanceId(request.RequireRouteValue("instanceId"), "instanceId");
        var reason = request.GetQuery("reason") ?? ReadReason(await request.ReadBodyAsync(cancellationToken).ConfigureAwait(false));
        var client = launcher.ResolveClient(request.GetFeature<IPipelineClient>());

        await Call(async () =>
        {
            await client.TerminateAsync(instanceId, reason, cancellationToken).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
        return ApiResponse.Empty(202);
    }

    public async Task<ApiResponse> PurgeAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var instanceId = CheckInstanceId(request.RequireRouteValue("instanceId"), "instanceId");
        var client = launcher.ResolveClient(request.GetFeature<IPipelineClient>());

        var purged = await Call(() => client.PurgeAsync(instanceId, cancellationToken)).ConfigureAwait(false);
        return purged
            ? ApiResponse.Json(new PurgeResult(1))
            : throw MlopsException.NotFound($"Workflow instance '{instanceId}' does not exist.", "instanceId");
    }

    /// <summary>Instance ids become table keys and URL segments: 1-200 characters without <c>/ \ # ?</c> or control characters.</summary>
    internal static string CheckInstanceId(string instanceId, string field)
    {
        if (instanceId.Length is 0 or > WorkflowLimits.MaxInstanceIdLength
            || instanceId.AsSpan().IndexOfAny(['/', '\\', '#', '?']) >= 0 || instanceId.Any(char.IsControl))
        {
            throw MlopsException.Validation(
                $"An instance id must be 1-{WorkflowLimits.MaxInstanceIdLength} characters without '/', '\\', '#', '?' or control characters; got '{instanceId}'.",
                field);
        }

        return instanceId;
    }

    private static async Task<T> Call<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (Exception ex) when (PipelineErrors.Translate(ex) is { } mapped)
        {
            throw mapped;
        }
    }

    private static JsonElement? ReadOptionalJson(byte[] body)
    {
        if (body.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            return null;
        }

        return ApiRequestExtensions.ParseJson<JsonElement>(body);
    }

    private static string? ReadReason(byte[] body) =>
        ReadOptionalJson(body) switch
        {
            null => null,
            { ValueKind: JsonValueKind.String } text => text.GetString(),
            { ValueKind: JsonValueKind.Object } document when document.TryGetProperty("reason", out var reason) =>
                reason.ValueKind == JsonValueKind.String ? reason.GetString() : reason.GetRawText(),
            { ValueKind: JsonValueKind.Object } => null,
            _ => throw MlopsException.Validation("Send the termination reason as {\"reason\": \"...\"} or in the 'reason' query parameter.", "reason"),
        };

    private static IReadOnlyCollection<WorkflowRuntimeStatus>? ReadStatuses(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var statuses = new List<WorkflowRuntimeStatus>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<WorkflowRuntimeStatus>(part, ignoreCase: true, out var status) || !Enum.IsDefined(status) || int.TryParse(part, out _))
            {
                throw MlopsException.Validation(
                    $"Unknown runtime status '{part}'; use one or more (comma-separated) of {string.Join(", ", Enum.GetNames<WorkflowRuntimeStatus>())}.",
                    "status");
            }

            statuses.Add(status);
        }

        return statuses;
    }

    private static DateTimeOffset? ReadTime(ApiRequest request, string name)
    {
        var text = request.GetQuery(name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw MlopsException.Validation($"Query parameter '{name}' must be an ISO 8601 time such as 2025-01-31T12:00:00Z; got '{text}'.", name);
    }

    private static int ReadTop(ApiRequest request)
    {
        var text = request.GetQuery("top");
        if (string.IsNullOrEmpty(text))
        {
            return DefaultTop;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var top) && top is >= 1 and <= MaxTop
            ? top
            : throw MlopsException.Validation($"Query parameter 'top' must be a whole number from 1 to {MaxTop}; got '{text}'.", "top");
    }

    private static bool ReadBool(ApiRequest request, string name, bool defaultValue)
    {
        var text = request.GetQuery(name);
        if (string.IsNullOrEmpty(text))
        {
            return defaultValue;
        }

        return bool.TryParse(text, out var value)
            ? value
            : throw MlopsException.Validation($"Query parameter '{name}' must be true or false; got '{text}'.", name);
    }

    private sealed record PurgeResult(int InstancesDeleted);
}
