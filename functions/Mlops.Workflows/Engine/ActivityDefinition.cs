namespace Mlops.Workflows.Engine;

/// <summary>A registered activity: types for (de)serialization and the function to run.</summary>
internal sealed record ActivityDefinition(
    string Name,
    Type InputType,
    Type OutputType,
    Func<object?, ActivityContext, CancellationToken, Task<object?>> Run) : IDefinition;
