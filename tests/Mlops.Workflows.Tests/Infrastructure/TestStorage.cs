using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace Mlops.Workflows.Tests.Infrastructure;

/// <summary>The Azurite that scripts/test.sh starts, and a unique task hub per test so tests never share data.</summary>
public static class TestStorage
{
    public const string Variable = "MLOPS_TEST_STORAGE";

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set: run the tests with scripts/test.sh, which starts Azurite and sets it.");

    public static string NewTaskHub() => "t" + Guid.NewGuid().ToString("N")[..12];

    public static TableServiceClient Tables() => new(ConnectionString);

    public static QueueServiceClient Queues() =>
        new(ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
}
