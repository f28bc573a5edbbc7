using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Mlops.Functions.Checks.Infrastructure;

/// <summary>Reads every <c>[Function]</c> method and its trigger from syntax trees; no semantic model is needed.</summary>
internal static class FunctionDeclarations
{
    public static IReadOnlyList<FunctionDeclaration> Read(IEnumerable<SyntaxTree> trees) =>
        trees.SelectMany(tree => tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
            .Select(method => (Method: method, Attribute: FindAttribute(method.AttributeLists, "Function")))
            .Where(pair => pair.Attribute is not null)
            .Select(pair => Read(pair.Method, pair.Attribute!))
            .ToList();

    private static FunctionDeclaration Read(MethodDeclarationSyntax method, AttributeSyntax function)
    {
        var problems = new List<string>();
        var where = Where(method);
        var name = ReadName(function, problems) ?? method.Identifier.ValueText;
        var triggers = method.ParameterList.Parameters
            .SelectMany(parameter => parameter.AttributeLists.SelectMany(list => list.Attributes))
            .Where(attribute => SyntaxNames.AttributeName(attribute).EndsWith("Trigger", StringComparison.Ordinal))
            .ToList();
        if (triggers.Count != 1)
        {
            problems.Add($"has {triggers.Count} trigger parameters; a function has exactly one");
            return new FunctionDeclaration(name, where, TriggerKind.Unknown, Problems: problems);
        }

        var trigger = triggers[0];
        var triggerName = SyntaxNames.AttributeName(trigger);
        var positional = trigger.ArgumentList?.Arguments.Where(a => a.NameEquals is null).ToList() ?? [];
        var declaration = new FunctionDeclaration(name, where, TriggerKind.Unknown, triggerName, Problems: problems);
        return triggerName switch
        {
            "HttpTrigger" => declaration with
            {
                Trigger = TriggerKind.Http,
                AuthorizationLevel = positional.Count > 0 ? EnumMember(positional[0].Expression, "AuthorizationLevel") : null,
                Methods = positional.Skip(1).Select(a => Literal(a.Expression, "HttpTrigger method", problems)).OfType<string>().ToList(),
                Route = Named(trigger, "Route", problems),
            },
            "TimerTrigger" => declaration with
            {
                Trigger = TriggerKind.Timer,
                Schedule = positional.Count > 0 ? Literal(positional[0].Expression, "TimerTrigger schedule", problems) : Named(trigger, "Schedule", problems),
            },
            "BlobTrigger" => declaration with
            {
                Trigger = TriggerKind.Blob,
                BlobPath = positional.Count > 0 ? Literal(positional[0].Expression, "BlobTrigger path", problems) : Named(trigger, "BlobPath", problems),
                BlobSource = NamedArgument(trigger, "Source")?.Expression.ToString(),
            },
            "OrchestrationTrigger" => declaration with { Trigger = TriggerKind.Orchestration },
            "ActivityTrigger" => declaration with { Trigger = TriggerKind.Activity },
            _ => declaration,
        };
    }

    private static AttributeSyntax? FindAttribute(SyntaxList<AttributeListSyntax> lists, string name) =>
        lists.SelectMany(list => list.Attributes).FirstOrDefault(attribute => SyntaxNames.AttributeName(attribute) == name);

    private static string? ReadName(AttributeSyntax function, List<string> problems)
    {
        var argument = function.ArgumentList?.Arguments.FirstOrDefault();
        switch (argument?.Expression)
        {
            case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression):
                return literal.Token.ValueText;
            case InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } } nameOf
                when nameOf.ArgumentList.Arguments.Count == 1:
                return nameOf.ArgumentList.Arguments[0].Expression switch
                {
                    MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                    SimpleNameSyntax simple => simple.Identifier.ValueText,
                    var other => other.ToString(),
                };
            default:
                problems.Add($"names itself with '{argument?.Expression.ToString() ?? "nothing"}'; use a string literal or nameof");
                return null;
        }
    }

    private static AttributeArgumentSyntax? NamedArgument(AttributeSyntax attribute, string name) =>
        attribute.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);

    private static string? Named(AttributeSyntax attribute, string name, List<string> problems) =>
        NamedArgument(attribute, name) is { } argument ? Literal(argument.Expression, $"{SyntaxNames.AttributeName(attribute)} {name}", problems) : null;

    private static string? Literal(ExpressionSyntax expression, string what, List<string> problems)
    {
        if (expression is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression))
        {
            return literal.Token.ValueText;
        }

        problems.Add($"spells the {what} as '{expression}'; write a string literal so it can be checked against the catalog");
        return null;
    }

    // 'Function' for AuthorizationLevel.Function; null for anything else (a method name, another enum).
    private static string? EnumMember(ExpressionSyntax expression, string enumName) =>
        expression is MemberAccessExpressionSyntax access && Rightmost(access.Expression) == enumName
            ? access.Name.Identifier.ValueText
            : null;

    private static string Rightmost(ExpressionSyntax expression) => expression switch
    {
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => expression.ToString(),
    };

    public static string Where(SyntaxNode node)
    {
        var span = node.GetLocation().GetLineSpan();
        return $"{Path.GetFileName(span.Path)}:{span.StartLinePosition.Line + 1}";
    }
}
