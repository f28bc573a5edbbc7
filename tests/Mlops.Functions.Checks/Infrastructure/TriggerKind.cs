namespace Mlops.Functions.Checks.Infrastructure;

/// <summary>The trigger of a <c>[Function]</c>, one per list of <see cref="Mlops.Core.Hosting.FunctionCatalog"/>.</summary>
internal enum TriggerKind
{
    /// <summary>No trigger parameter, several, or one the catalog has no list for.</summary>
    Unknown,
    Http,
    Timer,
    Blob,
    Orchestration,
    Activity,
}
