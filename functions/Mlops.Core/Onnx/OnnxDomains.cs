namespace Mlops.Core.Onnx;

/// <summary>Operator-set domains and the versions the project's writer targets by default.</summary>
internal static class OnnxDomains
{
    /// <summary>The default (neural network) domain; "ai.onnx" is its long name.</summary>
    public const string Default = "";

    /// <summary>The classical machine-learning domain (trees, encoders, linear models).</summary>
    public const string Ml = "ai.onnx.ml";

    /// <summary>Opset 17 covers every default-domain operator the samples use and loads in every recent ORT.</summary>
    public const long DefaultOpset = 17;

    /// <summary>Opset 3 holds TreeEnsembleRegressor/Classifier 3, the tree operators ORT runs fastest.</summary>
    public const long MlOpset = 3;

    /// <summary>IR version 8 is what opset 17 requires and what ORT 1.1x+ reads.</summary>
    public const long IrVersion = 8;

    public static bool IsDefault(string domain) => domain.Length == 0 || domain == "ai.onnx";
}
