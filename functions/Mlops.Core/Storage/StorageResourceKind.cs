namespace Mlops.Core.Storage;

/// <summary>Kinds of storage resource.</summary>
public enum StorageResourceKind
{
    /// <summary>An Azure Table.</summary>
    Table,

    /// <summary>A Blob container.</summary>
    Container,

    /// <summary>A Storage queue.</summary>
    Queue,
}
