using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Mlops.Functions.Checks.Infrastructure;

internal static class SyntaxNames
{
    private const string AttributeSuffix = "Attribute";

    /// <summary>'HttpTrigger' for <c>HttpTrigger</c>, <c>HttpTriggerAttribute</c> and <c>Microsoft.Azure.Functions.Worker.HttpTrigger</c>.</summary>
    public static string AttributeName(AttributeSyntax attribute) => WithoutAttributeSuffix(Rightmost(attribute.Name));

    public static string Rightmost(NameSyntax name) => name switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => name.ToString(),
    };

    public static string WithoutAttributeSuffix(string name) =>
        name.Length > AttributeSuffix.Length && name.EndsWith(AttributeSuffix, StringComparison.Ordinal)
            ? name[..^AttributeSuffix.Length]
            : name;
}
