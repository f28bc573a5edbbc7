using YamlDotNet.RepresentationModel;

namespace Mlops.Functions.Checks.Infrastructure;

/// <summary>azure.yaml and the GitHub workflows, loaded as YAML documents (what azd and Actions read).</summary>
internal sealed class AzureYaml(YamlMappingNode root)
{
    public YamlMappingNode Root { get; } = root;

    public IReadOnlyList<string> Services => [.. Map(Root, "services").Children.Keys.Select(k => ((YamlScalarNode)k).Value!)];

    public static AzureYaml Load() => new(LoadFile(Path.Combine(RepositoryPaths.Root, "azure.yaml")));

    public static YamlMappingNode LoadFile(string path)
    {
        using var reader = new StreamReader(path);
        var stream = new YamlStream();
        stream.Load(reader);
        var document = Assert.Single(stream.Documents);
        return Assert.IsType<YamlMappingNode>(document.RootNode);
    }

    public static YamlMappingNode Map(YamlMappingNode node, string key) =>
        Assert.IsType<YamlMappingNode>(node.Children[new YamlScalarNode(key)]);

    public static string Scalar(YamlMappingNode node, string key) =>
        Assert.IsType<YamlScalarNode>(node.Children[new YamlScalarNode(key)]).Value ?? string.Empty;

    public static bool Has(YamlMappingNode node, string key) => node.Children.ContainsKey(new YamlScalarNode(key));
}
