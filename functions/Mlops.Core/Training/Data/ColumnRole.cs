namespace Mlops.Core.Training.Data;

/// <summary>What a column is for in training.</summary>
public enum ColumnRole
{
    /// <summary>An input to the model.</summary>
    Feature,

    /// <summary>The value the model learns to predict; at most one per data set.</summary>
    Label,

    /// <summary>An identifier (customer number, order id): loaded, never a feature.</summary>
    Id,

    /// <summary>Not loaded at all.</summary>
    Ignored,
}
