namespace Mlops.Core.Training.Export;

/// <summary>The <c>metadata_props</c> keys of exported models, read by serving and the registry.</summary>
internal static class ModelMetadataKeys
{
    /// <summary>"binary-classification", "multiclass-classification" or "regression".</summary>
    public const string Task = "task";

    /// <summary>"lightgbm", "fasttree" or "linear".</summary>
    public const string Trainer = "trainer";

    /// <summary>The effective hyperparameters, a JSON object of numbers.</summary>
    public const string TrainerParameters = "trainer_parameters";

    /// <summary>The input (feature column) names in order, a JSON array of strings.</summary>
    public const string FeatureNames = "feature_names";

    /// <summary>The kind of each input, a JSON array of "numeric", "categorical", "boolean".</summary>
    public const string FeatureKinds = "feature_kinds";

    /// <summary>Classifiers: the class names in class-index order (the <c>label</c> output indexes it), a JSON array.</summary>
    public const string LabelNames = "label_names";

    /// <summary>The name of the label column the model was trained on.</summary>
    public const string LabelColumn = "label_column";
}
