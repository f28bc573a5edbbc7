using Mlops.Core.Hosting;

namespace Mlops.Functions.Checks.Infrastructure;

/// <summary>The lists of <see cref="FunctionCatalog"/>; the checks' own tests pass made-up catalogs.</summary>
internal sealed record CatalogSnapshot(
    IReadOnlyList<HttpFunction> Http,
    IReadOnlyList<TimerFunction> Timers,
    IReadOnlyList<BlobFunction> Blobs,
    IReadOnlyList<string> Workflows,
    IReadOnlyList<string> Activities)
{
    public static CatalogSnapshot Current { get; } = new(
        FunctionCatalog.Http, FunctionCatalog.Timers, FunctionCatalog.Blobs, FunctionCatalog.Workflows, FunctionCatalog.Activities);

    public static CatalogSnapshot Empty { get; } = new([], [], [], [], []);
}
