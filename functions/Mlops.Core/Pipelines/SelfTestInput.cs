using System.ComponentModel.DataAnnotations;

namespace Mlops.Core.Pipelines;

/// <summary>Input of the <c>SelfTest</c> workflow.</summary>
/// <param name="Message">Echoed back by the activity.</param>
/// <param name="WaitForEvent">Also wait for an external event named <c>continue</c>, raised through the management API.</param>
/// <param name="TimeoutSeconds">How long to wait for the event before completing without it (a durable timer).</param>
internal sealed record SelfTestInput(
    string? Message = null,
    bool WaitForEvent = false,
    [property: Range(1, 86_400)] int TimeoutSeconds = 300);
