namespace Mlops.Core.Tests.Infrastructure;

/// <summary>The Azurite that scripts/test.sh starts, and unique names so test runs never share data.</summary>
public static class TestStorage
{
    public const string Variable = "MLOPS_TEST_STORAGE";

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set: run the tests with scripts/test.sh, which starts Azurite and sets it.");

    /// <summary>A fresh lower-case prefix for table and container names (Storage:Prefix).</summary>
    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..11];
}
