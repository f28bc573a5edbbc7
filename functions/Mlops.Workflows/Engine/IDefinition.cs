namespace Mlops.Workflows.Engine;

/// <summary>A registered workflow or activity.</summary>
internal interface IDefinition
{
    string Name { get; }

    Type InputType { get; }

    Type OutputType { get; }
}
