namespace Mlops.Core.Features;

/// <summary>How an online write treats entities the store already holds.</summary>
public enum OnlineWriteMode
{
    /// <summary>Reads the stored event times first and keeps any row newer than the frame's (backfills of older ranges).</summary>
    KeepNewer,

    /// <summary>Overwrites: the caller guarantees the frame is at least as new as the store (incremental materialization).</summary>
    Overwrite,
}
