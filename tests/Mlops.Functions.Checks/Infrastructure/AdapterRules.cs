using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Mlops.Functions.Checks.Infrastructure;

/// <summary>"A function is an adapter" (CONVENTIONS.md 2): bind, call one core service, map the result.</summary>
internal static class AdapterRules
{
    /// <summary>About 15 lines per function body; more means logic that belongs in Mlops.Core.</summary>
    public const int MaxBodyLines = 15;

    /// <summary>Statements per function body, nested ones included.</summary>
    public const int MaxStatements = 15;

    public static IReadOnlyList<string> ThickFunctions(IEnumerable<SyntaxTree> trees) =>
        trees.SelectMany(tree => tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
            .Where(IsFunction)
            .Select(method => (Method: method, Lines: BodyLines(method), Statements: Statements(method)))
            .Where(m => m.Lines > MaxBodyLines || m.Statements > MaxStatements)
            .Select(m => $"{FunctionDeclarations.Where(m.Method)} {m.Method.Identifier.ValueText}: {m.Lines} lines, {m.Statements} statements " +
                $"(at most {MaxBodyLines} and {MaxStatements}); move the logic into Mlops.Core")
            .ToList();

    /// <summary>
    /// Every reference to an Azure SDK symbol (any assembly named Azure.*: Storage, Tables, Queues, Identity, Core). The one
    /// exception is the type of a trigger parameter (a BlobClient, an EventGridEvent) that the Functions host binds; reading
    /// or calling anything on it is still reported, since the core does the storage work behind its own services.
    /// </summary>
    public static IReadOnlyList<string> AzureSdkUses(FunctionsProject project)
    {
        var problems = new List<string>();
        foreach (var tree in project.Sources)
        {
            var model = project.Compilation.GetSemanticModel(tree);
            foreach (var name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
            {
                var symbol = model.GetSymbolInfo(name).Symbol;
                if (symbol is null or INamespaceSymbol || IsTriggerParameterType(name))
                {
                    continue;
                }

                var assembly = symbol.ContainingAssembly?.Name;
                if (assembly is not null && assembly.StartsWith("Azure.", StringComparison.Ordinal))
                {
                    problems.Add($"{FunctionDeclarations.Where(name)} uses {symbol.ToDisplayString()} from {assembly}; " +
                        "call a Mlops.Core service instead of the Azure SDK");
                }
            }
        }

        return problems;
    }

    private static bool IsFunction(MethodDeclarationSyntax method) =>
        method.AttributeLists.SelectMany(list => list.Attributes).Any(a => SyntaxNames.AttributeName(a) == "Function");

    private static int BodyLines(MethodDeclarationSyntax method)
    {
        SyntaxNode? body = (SyntaxNode?)method.Body ?? method.ExpressionBody;
        if (body is null)
        {
            return 0;
        }

        var span = body.GetLocation().GetLineSpan();
        var lines = span.EndLinePosition.Line - span.StartLinePosition.Line + 1;
        return method.Body is null ? lines : Math.Max(lines - 2, 0); // a block's braces are not code
    }

    private static int Statements(MethodDeclarationSyntax method) =>
        method.Body?.DescendantNodes().OfType<StatementSyntax>().Count(s => s is not BlockSyntax) ?? 1;

    private static bool IsTriggerParameterType(SyntaxNode node) =>
        node.Ancestors().OfType<ParameterSyntax>().FirstOrDefault() is { Type: { } type } parameter
        && type.Span.Contains(node.Span)
        && parameter.AttributeLists.SelectMany(list => list.Attributes)
            .Any(a => SyntaxNames.AttributeName(a).EndsWith("Trigger", StringComparison.Ordinal));
}
