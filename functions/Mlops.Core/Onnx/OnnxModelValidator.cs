using Google.Protobuf;
using Mlops.Core.Diagnostics;
using Mlops.Core.Onnx.Proto;

namespace Mlops.Core.Onnx;

/// <summary>
/// Structural checks of an ONNX model before ONNX Runtime sees it, so the common mistakes get a message that names
/// the node and value at fault instead of a runtime stack trace. Failures are 422s on the field <c>model</c>.
/// </summary>
internal static class OnnxModelValidator
{
    public const string Field = "model";

    private const int MaxReportedProblems = 5;

    /// <summary>Parses the bytes as a <see cref="ModelProto"/>, or throws a 422 saying they are not one.</summary>
    public static ModelProto Parse(ReadOnlyMemory<byte> onnx)
    {
        if (onnx.IsEmpty)
        {
            throw MlopsException.Unprocessable("The model is empty; upload the bytes of an ONNX file (.onnx).", Field);
        }

        try
        {
            return ModelProto.Parser.ParseFrom(onnx.Span);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw MlopsException.Unprocessable(
                $"The model is not an ONNX file: its bytes are not a valid ONNX ModelProto ({ex.Message}). Upload the .onnx file itself, not an archive or another format.",
                Field,
                ex);
        }
    }

    /// <summary>Throws a 422 listing the structural problems of the model, if any.</summary>
    public static void Validate(ModelProto model)
    {
        var problems = FindProblems(model);
        if (problems.Count == 0)
        {
            return;
        }

        var listed = string.Join(" ", problems.Take(MaxReportedProblems));
        var more = problems.Count > MaxReportedProblems ? $" ({problems.Count - MaxReportedProblems} more problems not listed.)" : string.Empty;
        throw MlopsException.Unprocessable($"The model is not a valid ONNX model: {listed}{more}", Field);
    }

    /// <summary>Every structural problem found, each a sentence; empty when the model is well formed.</summary>
    public static IReadOnlyList<string> FindProblems(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var problems = new List<string>();

        if (model.IrVersion <= 0 && model.OpsetImport.Count == 0 && model.Graph is null)
        {
            problems.Add("It has no ir_version, no opset_import and no graph; the bytes do not look like an ONNX model.");
            return problems;
        }

        if (model.IrVersion <= 0)
        {
            problems.Add("ir_version is missing; every ONNX model states the IR version it targets.");
        }

        CheckOpsets(model, problems);

        if (model.Graph is null)
        {
            problems.Add("The model has no graph.");
            return problems;
        }

        CheckGraph(model, model.Graph, problems);
        return problems;
    }

    private static void CheckOpsets(ModelProto model, List<string> problems)
    {
        if (model.OpsetImport.Count == 0)
        {
            problems.Add("opset_import is empty; the model must import the operator sets its nodes use (at least the default ONNX domain).");
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var opset in model.OpsetImport)
        {
            var domain = Normalize(opset.Domain);
            if (!seen.Add(domain))
            {
                problems.Add($"opset_import lists domain {Describe(domain)} more than once.");
            }

            if (opset.Version <= 0)
            {
                problems.Add($"opset_import for domain {Describe(domain)} has version {opset.Version}; versions start at 1.");
            }
        }
    }

    private static void CheckGraph(ModelProto model, GraphProto graph, List<string> problems)
    {
        var imported = new HashSet<string>(model.OpsetImport.Select(o => Normalize(o.Domain)), StringComparer.Ordinal);
        var initializers = new HashSet<string>(StringComparer.Ordinal);
        var initializerNames = graph.Initializer.Select(i => i.Name)
            .Concat(graph.SparseInitializer.Select(i => i.Values?.Name ?? string.Empty));
        foreach (var name in initializerNames)
        {
            if (string.IsNullOrEmpty(name))
            {
                problems.Add("An initializer has no name.");
            }
            else if (!initializers.Add(name))
            {
                problems.Add($"Initializer '{name}' is defined more than once.");
            }
        }

        // Every name a node may read: graph inputs, initializers, then node outputs.
        var defined = new HashSet<string>(initializers, StringComparer.Ordinal);
        var inputNames = new HashSet<string>(StringComparer.Ordinal);
        var realInputs = 0;
        foreach (var input in graph.Input)
        {
            CheckValueInfo(input, "input", problems);
            if (string.IsNullOrEmpty(input.Name))
            {
                continue;
            }

            if (!inputNames.Add(input.Name))
            {
                problems.Add($"Graph input '{input.Name}' is listed more than once.");
            }

            defined.Add(input.Name);
            if (!initializers.Contains(input.Name))
            {
                realInputs++;
            }
        }

        if (realInputs == 0)
        {
            problems.Add("The graph has no inputs (other than initializers); a model needs at least one input to predict from.");
        }

        if (graph.Output.Count == 0)
        {
            problems.Add("The graph has no outputs.");
        }

        var produced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            foreach (var output in node.Output)
            {
                if (output.Length > 0 && (!produced.Add(output) || defined.Contains(output)))
                {
                    problems.Add($"Value '{output}' is produced by {DescribeNode(node)} but is already defined elsewhere; every value has one producer.");
                }
            }
        }

        var available = new HashSet<string>(defined, StringComparer.Ordinal);
        available.UnionWith(produced);
        foreach (var node in graph.Node)
        {
            if (string.IsNullOrEmpty(node.OpType))
            {
                problems.Add($"{Capitalize(DescribeNode(node))} has no op_type.");
            }

            var domain = Normalize(node.Domain);
            if (!imported.Contains(domain))
            {
                problems.Add($"{Capitalize(DescribeNode(node))} uses domain {Describe(domain)}, which opset_import does not import.");
            }

            // An empty name is an omitted optional input.
            foreach (var input in node.Input.Where(i => i.Length > 0 && !available.Contains(i)))
            {
                problems.Add($"Input '{input}' of {DescribeNode(node)} is not a graph input, an initializer or the output of any node.");
            }
        }

        foreach (var output in graph.Output)
        {
            CheckValueInfo(output, "output", problems);
            if (!string.IsNullOrEmpty(output.Name) && !available.Contains(output.Name))
            {
                problems.Add($"Graph output '{output.Name}' is not produced by any node, input or initializer.");
            }
        }
    }

    private static void CheckValueInfo(ValueInfoProto value, string role, List<string> problems)
    {
        if (string.IsNullOrEmpty(value.Name))
        {
            problems.Add($"A graph {role} has no name.");
        }
        else if (value.Type is null || value.Type.ValueCase == TypeProto.ValueOneofCase.None)
        {
            problems.Add($"Graph {role} '{value.Name}' has no type; the inputs and outputs of the main graph must declare theirs.");
        }
    }

    private static string Normalize(string domain) => OnnxDomains.IsDefault(domain) ? OnnxDomains.Default : domain;

    private static string Describe(string domain) => domain.Length == 0 ? "'' (ai.onnx)" : $"'{domain}'";

    private static string DescribeNode(NodeProto node) =>
        string.IsNullOrEmpty(node.Name) ? $"a node of type '{node.OpType}'" : $"node '{node.Name}' ({node.OpType})";

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
