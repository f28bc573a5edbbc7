using System.Text.Json;

namespace Mlops.Core.Pipelines;

/// <summary>Output of the <c>SelfTest</c> workflow.</summary>
/// <param name="Message">What the activity echoed.</param>
/// <param name="ActivityHost">The machine the activity ran on.</param>
/// <param name="EventReceived">Whether the <c>continue</c> event arrived before the timeout (false when not awaited).</param>
/// <param name="EventData">The event's data.</param>
internal sealed record SelfTestResult(string Message, string ActivityHost, bool EventReceived, JsonElement? EventData);
