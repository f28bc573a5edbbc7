namespace Mlops.Core.Pipelines;

/// <summary>Result of the <c>SelfTestActivity</c>.</summary>
/// <param name="Message">The message it was given.</param>
/// <param name="Host">The machine it ran on.</param>
internal sealed record SelfTestEcho(string Message, string Host);
