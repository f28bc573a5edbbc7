using Mlops.Core.Onnx;
using Mlops.Core.Training.Trainers;

namespace Mlops.Core.Training.Export;

/// <summary>
/// Writes a <see cref="FeaturePreprocessor"/> into a graph: one named input per feature ([N,1] float for numeric and
/// boolean, [N,1] string for categorical), the numeric block concatenated, imputed (<c>Imputer</c>, NaN → training
/// mean) and, when fitted so, standardized (<c>Scaler</c>); each categorical one-hot encoded (<c>OneHotEncoder</c>,
/// zeros=1 so unseen values are all zeros) and flattened; all concatenated into the feature vector [N, Width].
/// </summary>
internal static class PreprocessingGraph
{
    /// <summary>Adds the inputs and preprocessing nodes; returns the name of the feature vector.</summary>
    public static string Write(OnnxModelBuilder builder, FeaturePreprocessor preprocessor, ValueNames names)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(preprocessor);
        ArgumentNullException.ThrowIfNull(names);
        foreach (var feature in preprocessor.Features)
        {
            var kind = feature.Kind == FeatureKind.Categorical ? TensorElementKind.String : TensorElementKind.Float;
            builder.Input(feature.Name, kind, -1, 1);
        }

        var parts = new List<string>();
        if (preprocessor.NumericFeatures.Count > 0)
        {
            var inputs = preprocessor.NumericFeatures.Select(f => preprocessor.Features[f].Name).ToList();
            var block = inputs[0];
            if (inputs.Count > 1)
            {
                block = names.Next("numeric");
                builder.Node("Concat", inputs, [block], a => a.Int("axis", 1));
            }

            var imputed = names.Next("numeric_imputed");
            builder.Node("Imputer", [block], [imputed], a => a
                .Floats("imputed_value_floats", preprocessor.Means)
                .Float("replaced_value_float", float.NaN),
                OnnxDomains.Ml);
            block = imputed;

            if (preprocessor.Standardize)
            {
                var scaled = names.Next("numeric_scaled");
                builder.Node("Scaler", [block], [scaled], a => a
                    .Floats("offset", preprocessor.Means)
                    .Floats("scale", preprocessor.Scales),
                    OnnxDomains.Ml);
                block = scaled;
            }

            parts.Add(block);
        }

        for (var i = 0; i < preprocessor.CategoricalFeatures.Count; i++)
        {
            var name = preprocessor.Features[preprocessor.CategoricalFeatures[i]].Name;
            var vocabulary = preprocessor.Vocabularies[i];

            // OneHotEncoder appends a dimension: [N,1] → [N,1,C]; Reshape makes it [N,C].
            var encoded = names.Next($"{name}_onehot3d");
            var shape = names.Next($"{name}_onehot_shape");
            var flat = names.Next($"{name}_onehot");
            builder
                .Node("OneHotEncoder", [name], [encoded], a => a.Strings("cats_strings", vocabulary).Int("zeros", 1), OnnxDomains.Ml)
                .Initializer(shape, [-1L, vocabulary.Count], 2)
                .Node("Reshape", [encoded, shape], [flat]);
            parts.Add(flat);
        }

        if (parts.Count == 1)
        {
            return parts[0];
        }

        var features = names.Next("features");
        builder.Node("Concat", parts, [features], a => a.Int("axis", 1));
        return features;
    }
}
