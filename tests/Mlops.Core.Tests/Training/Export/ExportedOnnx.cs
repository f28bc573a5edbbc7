using Mlops.Core.Onnx;
using Mlops.Core.Tests.Onnx;

namespace Mlops.Core.Tests.Training.Export;

/// <summary>
/// The structural checks every exported model must pass: ir_version and opset imports set, every node input defined
/// (<see cref="OnnxModelValidator"/>), element types and shapes consistent from the inputs to the declared outputs
/// (<see cref="OnnxTypeShapeChecker"/>), and ONNX Runtime's own strict type and shape inference accepting it.
/// </summary>
public static class ExportedOnnx
{
    public static void AssertValid(byte[] onnx)
    {
        var model = OnnxModelValidator.Parse(onnx);
        Assert.True(model.IrVersion > 0, "ir_version is not set.");
        Assert.Contains(model.OpsetImport, o => OnnxDomains.IsDefault(o.Domain) && o.Version > 0);
        Assert.All(model.Graph.Node.Select(n => n.Domain).Distinct(), domain => Assert.Contains(model.OpsetImport, o => o.Domain == domain || (OnnxDomains.IsDefault(domain) && OnnxDomains.IsDefault(o.Domain))));
        Assert.Empty(OnnxModelValidator.FindProblems(model));
        Assert.Empty(OnnxTypeShapeChecker.FindProblems(onnx));
        OnnxTypeShapeChecker.LoadStrictly(onnx);
    }
}
