namespace Mlops.Functions.Checks.Infrastructure;

/// <summary>Locates the repository from the test's output folder, so the checks read the sources, not a copy.</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string FunctionsProject => Path.Combine(Root, "functions", "Mlops.Functions");

    public static string Infra => Path.Combine(Root, "infra");

    public static string Hooks => Path.Combine(Root, "infra", "hooks");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Serverless.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Serverless.sln above '{AppContext.BaseDirectory}'; run the tests from the repository.");
    }
}
