namespace Mlops.Core.Training.Data;

/// <summary>The schema a reader loads with, and which columns had their kind or role declared.</summary>
internal sealed record ResolvedSchema(
    DatasetSchema Schema,
    IReadOnlySet<string> KindDeclared,
    IReadOnlySet<string> RoleDeclared);
