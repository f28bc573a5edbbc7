using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;
using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;

namespace Mlops.Core.Training;

/// <summary>
/// What trained a model, for lineage: the code revision (the <c>SOURCE_REVISION</c> setting, else the commit the
/// build stamped into the assembly's informational version after '+', else that version) and the runtime and
/// package versions.
/// </summary>
internal sealed class BuildInfo
{
    public const string RevisionSetting = "SOURCE_REVISION";

    public BuildInfo(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var core = Informational(typeof(BuildInfo).Assembly);
        CodeRevision = configuration[RevisionSetting] is { Length: > 0 } configured
            ? configured.Trim()
            : core.IndexOf('+', StringComparison.Ordinal) is var plus and >= 0 ? core[(plus + 1)..] : core;
        Environment = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["dotnet"] = RuntimeInformation.FrameworkDescription,
            ["os"] = RuntimeInformation.OSDescription,
            ["architecture"] = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(),
            ["Mlops.Core"] = Version(typeof(BuildInfo).Assembly),
            ["Microsoft.ML"] = Version(typeof(MLContext).Assembly),
            ["Microsoft.ML.LightGbm"] = Version(typeof(Microsoft.ML.Trainers.LightGbm.LightGbmBinaryTrainer).Assembly),
            ["Microsoft.ML.FastTree"] = Version(typeof(Microsoft.ML.Trainers.FastTree.FastTreeBinaryTrainer).Assembly),
            ["Microsoft.ML.OnnxRuntime"] = Version(typeof(InferenceSession).Assembly),
        };
    }

    public string CodeRevision { get; }

    public IReadOnlyDictionary<string, string> Environment { get; }

    private static string Informational(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? assembly.GetName().Version?.ToString()
        ?? "unknown";

    // The package version, without the commit some packages append after '+'.
    private static string Version(Assembly assembly)
    {
        var version = Informational(assembly);
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
