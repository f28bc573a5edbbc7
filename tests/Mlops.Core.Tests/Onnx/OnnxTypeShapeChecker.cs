using Microsoft.ML.OnnxRuntime;
using Mlops.Core.Onnx;
using Mlops.Core.Onnx.Proto;

namespace Mlops.Core.Tests.Onnx;

/// <summary>
/// Type and shape consistency of a model, checked two ways: an independent propagation of element types and shapes
/// (batch dimensions kept symbolic) through the operators the platform's exporters write, comparing what each node
/// accepts and what the graph declares with what its nodes produce; and ONNX Runtime's own inference in strict mode,
/// where an inconsistency fails the load instead of being logged.
/// </summary>
public static class OnnxTypeShapeChecker
{
    private const string Unknown = "?";
    private const string MlDomain = "ai.onnx.ml";

    private const int Float = (int)TensorElementKind.Float;
    private const int Int32 = (int)TensorElementKind.Int32;
    private const int Int64 = (int)TensorElementKind.Int64;
    private const int String = (int)TensorElementKind.String;
    private const int Bool = (int)TensorElementKind.Bool;
    private const int Double = (int)TensorElementKind.Double;

    /// <summary>Loads the model in ONNX Runtime with strict shape and type inference; throws when ONNX Runtime finds an inconsistency.</summary>
    public static void LoadStrictly(byte[] onnx)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        options.AddSessionConfigEntry("session.strict_shape_type_inference", "1");
        using var session = new InferenceSession(onnx, options);
    }

    /// <summary>Every inconsistency the propagation finds, each a sentence; empty when types and shapes agree throughout.</summary>
    public static IReadOnlyList<string> FindProblems(byte[] onnx) => FindProblems(ModelProto.Parser.ParseFrom(onnx));

    internal static IReadOnlyList<string> FindProblems(ModelProto model)
    {
        var problems = new List<string>();
        var graph = model.Graph;
        var values = new Dictionary<string, Value>(StringComparer.Ordinal);
        var constants = new Dictionary<string, TensorProto>(StringComparer.Ordinal);
        foreach (var initializer in graph.Initializer)
        {
            values[initializer.Name] = new Value(initializer.DataType, [.. initializer.Dims.Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
            constants[initializer.Name] = initializer;
        }

        foreach (var input in graph.Input)
        {
            values[input.Name] = Declared(input);
        }

        foreach (var node in graph.Node)
        {
            var name = $"{node.OpType} node '{node.Name}'";
            var inputs = new List<Value>();
            foreach (var input in node.Input)
            {
                if (!values.TryGetValue(input, out var value))
                {
                    problems.Add($"{name} reads '{input}' before anything defines it.");
                    value = new Value(0, null);
                }

                inputs.Add(value);
            }

            var outputs = Infer(node, inputs, constants, message => problems.Add($"{name}: {message}"));
            for (var i = 0; i < node.Output.Count; i++)
            {
                values[node.Output[i]] = i < outputs.Count ? outputs[i] : new Value(0, null);
            }
        }

        foreach (var declared in graph.Output.Concat(graph.ValueInfo))
        {
            if (!values.TryGetValue(declared.Name, out var inferred))
            {
                problems.Add($"'{declared.Name}' is declared but nothing produces it.");
                continue;
            }

            Compare(declared.Name, Declared(declared), inferred, problems);
        }

        return problems;
    }

    private static void Compare(string name, Value declared, Value inferred, List<string> problems)
    {
        if (declared.Type != inferred.Type)
        {
            problems.Add($"'{name}' is declared as element type {declared.Type} but its node produces {inferred.Type}.");
        }

        if (declared.Shape is null)
        {
            return;
        }

        if (inferred.Shape is null || inferred.Shape.Length != declared.Shape.Length)
        {
            problems.Add($"'{name}' is declared with shape {Describe(declared.Shape)} but its node produces {Describe(inferred.Shape)}.");
            return;
        }

        for (var d = 0; d < declared.Shape.Length; d++)
        {
            if (declared.Shape[d] != inferred.Shape[d])
            {
                problems.Add($"'{name}' is declared with shape {Describe(declared.Shape)} but its node produces {Describe(inferred.Shape)} (dimension {d}).");
                return;
            }
        }
    }

    private static List<Value> Infer(NodeProto node, List<Value> inputs, Dictionary<string, TensorProto> constants, Action<string> problem)
    {
        var domain = node.Domain is "" or "ai.onnx" ? string.Empty : node.Domain;
        var x = inputs.Count > 0 ? inputs[0] : new Value(0, null);
        switch (domain, node.OpType)
        {
            case ("", "Concat"):
                return [Concat(inputs, Int(node, "axis") ?? 0, problem)];

            case ("", "Add" or "Sub" or "Mul" or "Div"):
                SameType(inputs, problem);
                return [new Value(x.Type, Broadcast(inputs, problem))];

            case ("", "Greater"):
                SameType(inputs, problem);
                return [new Value(Bool, Broadcast(inputs, problem))];

            case ("", "Sigmoid" or "Softmax"):
                Expect(x, problem, Float, Double);
                if (node.OpType == "Softmax" && x.Shape is { } shape)
                {
                    Axis(Int(node, "axis") ?? -1, shape.Length, problem);
                }

                return [x];

            case ("", "Cast"):
                return [new Value((int)(Int(node, "to") ?? 0), x.Shape)];

            case ("", "MatMul"):
                return [MatMul(inputs[0], inputs[1], problem)];

            case ("", "Reshape"):
                Expect(inputs[1], problem, Int64);
                return [new Value(x.Type, Reshape(x.Shape, Constant(node.Input[1], constants, problem), problem))];

            case ("", "ReduceSum"):
                return [new Value(x.Type, Reduce(x.Shape, inputs.Count > 1 ? Constant(node.Input[1], constants, problem) : null, (Int(node, "keepdims") ?? 1) == 1, problem))];

            case ("", "ArgMax"):
                return [new Value(Int64, Reduce(x.Shape, [Int(node, "axis") ?? 0], (Int(node, "keepdims") ?? 1) == 1, problem))];

            case (MlDomain, "Imputer"):
                Expect(x, problem, Float);
                PerColumn(x, node, "imputed_value_floats", problem);
                return [x];

            case (MlDomain, "Scaler"):
                Expect(x, problem, Float, Double, Int64, Int32);
                PerColumn(x, node, "offset", problem);
                PerColumn(x, node, "scale", problem);
                return [new Value(Float, x.Shape)];

            case (MlDomain, "OneHotEncoder"):
            {
                var strings = Attribute(node, "cats_strings")?.Strings.Count ?? 0;
                var integers = Attribute(node, "cats_int64s")?.Ints.Count ?? 0;
                Expect(x, problem, strings > 0 ? String : Int64);
                return [new Value(Float, x.Shape is null ? null : [.. x.Shape, (strings + integers).ToString(System.Globalization.CultureInfo.InvariantCulture)])];
            }

            case (MlDomain, "TreeEnsembleRegressor"):
                return [TreeEnsemble(node, x, problem)];

            default:
                problem($"no type and shape rule for operator '{node.OpType}' of domain '{domain}'; add one to {nameof(OnnxTypeShapeChecker)}.");
                return [];
        }
    }

    private static Value Concat(List<Value> inputs, long axis, Action<string> problem)
    {
        SameType(inputs, problem);
        var shapes = inputs.Select(i => i.Shape).ToList();
        if (shapes.Any(s => s is null))
        {
            return new Value(inputs[0].Type, null);
        }

        var rank = shapes[0]!.Length;
        if (shapes.Any(s => s!.Length != rank))
        {
            problem($"inputs of ranks {string.Join(", ", shapes.Select(s => s!.Length))} cannot be concatenated.");
            return new Value(inputs[0].Type, null);
        }

        var a = Axis(axis, rank, problem);
        var result = new string[rank];
        for (var d = 0; d < rank; d++)
        {
            if (d == a)
            {
                var sizes = shapes.Select(s => Number(s![d])).ToList();
                result[d] = sizes.All(s => s is not null) ? sizes.Sum()!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : Unknown;
                continue;
            }

            var distinct = shapes.Select(s => s![d]).Distinct(StringComparer.Ordinal).ToList();
            if (distinct.Count > 1)
            {
                problem($"inputs differ in dimension {d} ({string.Join(", ", distinct)}), which is not the concatenation axis.");
            }

            result[d] = distinct[0];
        }

        return new Value(inputs[0].Type, result);
    }

    private static string[]? Broadcast(List<Value> inputs, Action<string> problem)
    {
        if (inputs.Any(i => i.Shape is null))
        {
            return null;
        }

        var rank = inputs.Max(i => i.Shape!.Length);
        var result = new string[rank];
        for (var d = 0; d < rank; d++)
        {
            var dims = inputs.Select(i => d - (rank - i.Shape!.Length) is var k and >= 0 ? i.Shape![k] : "1").Where(v => v != "1").Distinct(StringComparer.Ordinal).ToList();
            if (dims.Count > 1)
            {
                problem($"dimension {d} does not broadcast ({string.Join(" vs ", dims)}).");
            }

            result[d] = dims.Count == 0 ? "1" : dims[0];
        }

        return result;
    }

    private static Value MatMul(Value a, Value b, Action<string> problem)
    {
        SameType([a, b], problem);
        if (a.Shape is not { Length: >= 2 } left || b.Shape is not { Length: 2 } right)
        {
            problem($"expects a matrix times a 2-D weight matrix; got {Describe(a.Shape)} x {Describe(b.Shape)}.");
            return new Value(a.Type, null);
        }

        if (left[^1] != right[0])
        {
            problem($"inner dimensions differ: {Describe(left)} x {Describe(right)}.");
        }

        return new Value(a.Type, [.. left[..^1], right[1]]);
    }

    private static string[]? Reshape(string[]? input, long[]? target, Action<string> problem)
    {
        if (input is null || target is null)
        {
            return null;
        }

        var symbols = input.Where(d => Number(d) is null).ToList();
        var size = input.Select(Number).Where(n => n is not null).Aggregate(1L, (p, n) => p * n!.Value);
        var known = target.Where(t => t > 0).Aggregate(1L, (p, t) => p * t);
        if (target.Any(t => t == 0))
        {
            problem("a 0 in the target shape (copy a dimension) is not supported by this checker.");
            return null;
        }

        if (target.Count(t => t == -1) > 1)
        {
            problem("the target shape has more than one -1.");
            return null;
        }

        var hasInferred = target.Contains(-1);
        if (symbols.Count == 0)
        {
            if (hasInferred ? size % known != 0 : size != known)
            {
                problem($"{Describe(input)} ({size} values) cannot be reshaped to [{string.Join(",", target)}].");
                return null;
            }

            return [.. target.Select(t => (t == -1 ? size / known : t).ToString(System.Globalization.CultureInfo.InvariantCulture))];
        }

        // With a symbolic batch dimension the -1 takes it over exactly when the known sizes on both sides agree.
        if (!hasInferred || symbols.Count != 1 || size != known)
        {
            problem($"{Describe(input)} cannot be reshaped to [{string.Join(",", target)}] for every batch size.");
            return null;
        }

        return [.. target.Select(t => t == -1 ? symbols[0] : t.ToString(System.Globalization.CultureInfo.InvariantCulture))];
    }

    private static string[]? Reduce(string[]? input, long[]? axes, bool keep, Action<string> problem)
    {
        if (input is null || axes is null)
        {
            return null;
        }

        var reduced = axes.Select(a => Axis(a, input.Length, problem)).ToHashSet();
        return [.. input.Select((d, i) => reduced.Contains(i) ? (keep ? "1" : null) : d).Where(d => d is not null).Select(d => d!)];
    }

    private static Value TreeEnsemble(NodeProto node, Value x, Action<string> problem)
    {
        Expect(x, problem, Float, Double, Int64, Int32);
        var targets = Int(node, "n_targets") ?? 0;
        if (x.Shape is not { Length: 2 } shape)
        {
            problem($"expects [N, features]; got {Describe(x.Shape)}.");
            return new Value(Float, null);
        }

        if (Number(shape[1]) is { } features && Attribute(node, "nodes_featureids") is { } ids && ids.Ints.Any(f => f < 0 || f >= features))
        {
            problem($"a tree splits on feature {ids.Ints.Max()} but the input has {features} features.");
        }

        if (Attribute(node, "target_ids") is { } targetIds && targetIds.Ints.Any(t => t < 0 || t >= targets))
        {
            problem($"a leaf writes target {targetIds.Ints.Max()} but n_targets is {targets}.");
        }

        if (Attribute(node, "base_values") is { Floats.Count: > 0 } bases && bases.Floats.Count != targets)
        {
            problem($"{bases.Floats.Count} base values for {targets} targets.");
        }

        return new Value(Float, [shape[0], targets.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
    }

    private static void PerColumn(Value x, NodeProto node, string attribute, Action<string> problem)
    {
        var count = Attribute(node, attribute)?.Floats.Count ?? 0;
        if (x.Shape is { Length: > 0 } shape && Number(shape[^1]) is { } columns && count != 1 && count != columns)
        {
            problem($"{attribute} has {count} values for {columns} columns.");
        }
    }

    private static void SameType(List<Value> inputs, Action<string> problem)
    {
        if (inputs.Select(i => i.Type).Distinct().Count() > 1)
        {
            problem($"inputs of element types {string.Join(", ", inputs.Select(i => i.Type))} must share one type.");
        }
    }

    private static void Expect(Value value, Action<string> problem, params int[] types)
    {
        if (!types.Contains(value.Type))
        {
            problem($"takes element type {string.Join(" or ", types)}; got {value.Type}.");
        }
    }

    private static int Axis(long axis, int rank, Action<string> problem)
    {
        var normalized = axis < 0 ? axis + rank : axis;
        if (normalized < 0 || normalized >= rank)
        {
            problem($"axis {axis} is outside a rank-{rank} tensor.");
            return 0;
        }

        return (int)normalized;
    }

    private static long[]? Constant(string name, Dictionary<string, TensorProto> constants, Action<string> problem)
    {
        if (!constants.TryGetValue(name, out var tensor))
        {
            problem($"'{name}' must be an initializer for its shape to be known.");
            return null;
        }

        return [.. tensor.Int64Data];
    }

    private static AttributeProto? Attribute(NodeProto node, string name) => node.Attribute.FirstOrDefault(a => a.Name == name);

    private static long? Int(NodeProto node, string name) => Attribute(node, name)?.I;

    private static long? Number(string dim) => long.TryParse(dim, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;

    private static Value Declared(ValueInfoProto value)
    {
        var tensor = value.Type?.TensorType;
        if (tensor is null)
        {
            return new Value(0, null);
        }

        string[]? shape = tensor.Shape is null
            ? null
            : [.. tensor.Shape.Dim.Select(d => d.ValueCase switch
            {
                TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue => d.DimValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
                TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam => d.DimParam,
                _ => Unknown,
            })];
        return new Value(tensor.ElemType, shape);
    }

    private static string Describe(string[]? shape) => shape is null ? "an unknown shape" : $"[{string.Join(",", shape)}]";

    private sealed record Value(int Type, string[]? Shape);
}
