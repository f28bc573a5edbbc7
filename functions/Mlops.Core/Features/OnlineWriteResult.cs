namespace Mlops.Core.Features;

/// <summary>What an online write did.</summary>
/// <param name="Entities">Entity rows written.</param>
/// <param name="KeptNewer">Entities skipped because the store held a newer row.</param>
/// <param name="Transactions">Table requests made for the writes (entity-group batches of up to 100).</param>
public sealed record OnlineWriteResult(int Entities, int KeptNewer, int Transactions);
