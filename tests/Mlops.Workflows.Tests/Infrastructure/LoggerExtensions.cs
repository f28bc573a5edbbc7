using Microsoft.Extensions.Logging;

namespace Mlops.Workflows.Tests.Infrastructure;

public static partial class LoggerExtensions
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "{Text}")]
    public static partial void LogWarningOnce(this ILogger logger, string text);
}
