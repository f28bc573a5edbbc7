namespace Mlops.Core.Training.Trainers;

/// <summary>How a feature enters a model, and the type of its named input in the exported ONNX graph.</summary>
public enum FeatureKind
{
    /// <summary>A number; input float[N,1], NaN for missing (imputed with the training mean).</summary>
    Numeric,

    /// <summary>A text category; input string[N,1], one-hot encoded; unseen and missing ("") encode as all zeros.</summary>
    Categorical,

    /// <summary>A flag; input float[N,1] holding 0 or 1, NaN for missing (imputed with the training rate of 1s).</summary>
    Boolean,
}
