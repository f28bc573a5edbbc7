using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Mlops.AspNetCore;
using Mlops.Core.Hosting;

namespace Mlops.Functions.Checks.Infrastructure;

/// <summary>
/// The sources of functions/Mlops.Functions compiled with Roslyn as its csproj would compile them, minus the Functions
/// and DurableTask packages this machine cannot restore (see <see cref="MissingFunctionsApi"/>).
/// </summary>
internal sealed class FunctionsProject
{
    // Microsoft.NET.Sdk's implicit usings (ImplicitUsings=enable in Directory.Build.props).
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    // Assemblies in this test process that the Functions app does not reference: the test runner, Roslyn, and what the
    // deployment checks load (YAML, PowerShell's parser, which brings an Application Insights the app must not see here).
    private static readonly string[] TestOnlyAssemblyPrefixes =
    [
        "xunit", "Microsoft.CodeAnalysis", "Microsoft.TestPlatform", "Microsoft.VisualStudio", "testhost", "Mlops.Functions.Checks",
        "YamlDotNet", "System.Management.Automation", "Microsoft.PowerShell", "Microsoft.Management.Infrastructure", "Microsoft.ApplicationInsights",
    ];

    // The .NET SDK's default NoWarn (assembly-version unification notes); Directory.Build.props adds CS1591.
    private static readonly Dictionary<string, ReportDiagnostic> SdkNoWarn = new()
    {
        ["CS1701"] = ReportDiagnostic.Suppress,
        ["CS1702"] = ReportDiagnostic.Suppress,
        ["CS1591"] = ReportDiagnostic.Suppress,
    };

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.None);

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(LoadReferences);

    private static readonly Lazy<FunctionsProject> LazySources = new(() => FromSources([]));

    private FunctionsProject(ImmutableArray<SyntaxTree> sources, CSharpCompilation compilation)
    {
        Sources = sources;
        Compilation = compilation;
    }

    /// <summary>The project as it is on disk.</summary>
    public static FunctionsProject Current => LazySources.Value;

    /// <summary>The .cs files of the project (without the implicit usings).</summary>
    public ImmutableArray<SyntaxTree> Sources { get; }

    public CSharpCompilation Compilation { get; }

    /// <summary>The project on disk plus extra files (the checks' own negative examples).</summary>
    public static FunctionsProject FromSources(IEnumerable<(string FileName, string Text)> extraFiles)
    {
        var sources = Directory.EnumerateFiles(RepositoryPaths.FunctionsProject, "*.cs", SearchOption.AllDirectories)
            .Where(path => !IsBuildOutput(path))
            .Order(StringComparer.Ordinal)
            .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), ParseOptions, path))
            .Concat(extraFiles.Select(file => CSharpSyntaxTree.ParseText(file.Text, ParseOptions, file.FileName)))
            .ToImmutableArray();
        var implicitUsings = CSharpSyntaxTree.ParseText(ImplicitUsings, ParseOptions, "ImplicitUsings.g.cs");
        var options = new CSharpCompilationOptions(
            OutputKind.ConsoleApplication,
            nullableContextOptions: NullableContextOptions.Enable,
            warningLevel: 9999,
            specificDiagnosticOptions: SdkNoWarn);
        var compilation = CSharpCompilation.Create("Mlops.Functions", [implicitUsings, .. sources], LazyReferences.Value, options);
        return new FunctionsProject(sources, compilation);
    }

    /// <summary>Errors and warnings (the real build treats warnings as errors) that a missing package does not explain.</summary>
    public IReadOnlyList<Diagnostic> UnexpectedDiagnostics() =>
        Compilation.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && !MissingFunctionsApi.Explains(d))
            .ToList();

    public static string Describe(IEnumerable<Diagnostic> diagnostics) =>
        string.Join(Environment.NewLine, diagnostics.Select(d =>
        {
            var span = d.Location.GetLineSpan();
            return $"{Path.GetFileName(span.Path)}:{span.StartLinePosition.Line + 1}: {d.Id} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
        }));

    private static bool IsBuildOutput(string path)
    {
        var relative = Path.GetRelativePath(RepositoryPaths.FunctionsProject, path).Split(Path.DirectorySeparatorChar);
        return relative[0] is "bin" or "obj";
    }

    // The .NET and ASP.NET Core shared frameworks and every package assembly of Mlops.Core and Mlops.AspNetCore, as the
    // host loaded them for this process (they reach the test through the project references and the FrameworkReference).
    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var trusted = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES"))?.Split(Path.PathSeparator)
            ?? throw new InvalidOperationException("The host did not provide TRUSTED_PLATFORM_ASSEMBLIES.");
        var mlops = new[] { typeof(FunctionCatalog).Assembly.Location, typeof(ApiActionResult).Assembly.Location };
        return trusted
            .Where(path => !TestOnlyAssemblyPrefixes.Any(prefix => Path.GetFileName(path).StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            .Concat(mlops)
            .Distinct(StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }
}
