using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Mlops.Core.Diagnostics;
using Mlops.Core.Training.Data;

namespace Mlops.Core.Training.Trainers;

/// <summary>
/// Rows ready to train on or score: the raw feature columns (numeric and boolean as float with NaN for missing,
/// categoricals as text with null for missing) and, when labeled, the label as a class index or a regression target.
/// Immutable; <see cref="Select"/> makes the subsets a split needs.
/// </summary>
internal sealed class TrainingData
{
    private readonly float[]?[] _numeric;
    private readonly string?[]?[] _categorical;

    public TrainingData(
        TrainingTask task,
        IReadOnlyList<FeatureSpec> features,
        IReadOnlyList<float[]?> numericColumns,
        IReadOnlyList<string?[]?> categoricalColumns,
        IReadOnlyList<string> classNames,
        int[]? classes,
        float[]? targets,
        string? labelColumn)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(numericColumns);
        ArgumentNullException.ThrowIfNull(categoricalColumns);
        ArgumentNullException.ThrowIfNull(classNames);
        ValidateFeatures(features);
        if (numericColumns.Count != features.Count || categoricalColumns.Count != features.Count)
        {
            throw new ArgumentException("One column slot per feature is required.", nameof(numericColumns));
        }

        var rows = -1;
        for (var i = 0; i < features.Count; i++)
        {
            var length = features[i].Kind == FeatureKind.Categorical
                ? categoricalColumns[i]?.Length ?? throw new ArgumentException($"Feature '{features[i].Name}' needs a text column.", nameof(categoricalColumns))
                : numericColumns[i]?.Length ?? throw new ArgumentException($"Feature '{features[i].Name}' needs a float column.", nameof(numericColumns));
            rows = rows < 0 ? length : rows == length ? rows : throw new ArgumentException("Every column must have the same number of rows.", nameof(numericColumns));
        }

        if ((classes is not null && classes.Length != rows) || (targets is not null && targets.Length != rows))
        {
            throw new ArgumentException("The label must have one value per row.", nameof(classes));
        }

        if (classes is not null && classes.Any(c => c < 0 || c >= classNames.Count))
        {
            throw new ArgumentException("A class index is outside the class names.", nameof(classes));
        }

        Task = task;
        Features = features;
        _numeric = [.. numericColumns];
        _categorical = [.. categoricalColumns];
        ClassNames = classNames;
        Classes = classes;
        Targets = targets;
        LabelColumn = labelColumn;
        RowCount = rows;
    }

    public TrainingTask Task { get; }

    public IReadOnlyList<FeatureSpec> Features { get; }

    /// <summary>Class names in class-index order (for binary: negative, then positive); empty for regression.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The class index of each row (classification, labeled data), else null.</summary>
    public int[]? Classes { get; }

    /// <summary>The target of each row (regression, labeled data), else null.</summary>
    public float[]? Targets { get; }

    public string? LabelColumn { get; }

    public int RowCount { get; }

    public bool IsLabeled => Classes is not null || Targets is not null;

    /// <summary>The values of numeric or boolean feature <paramref name="feature"/> (NaN = missing).</summary>
    public float[] Numeric(int feature) => _numeric[feature] ?? throw new InvalidOperationException($"Feature '{Features[feature].Name}' is categorical.");

    /// <summary>The values of categorical feature <paramref name="feature"/> (null = missing).</summary>
    public string?[] Categorical(int feature) => _categorical[feature] ?? throw new InvalidOperationException($"Feature '{Features[feature].Name}' is not categorical.");

    /// <summary>The rows at <paramref name="rows"/>, in that order.</summary>
    public TrainingData Select(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        T[]? Take<T>(T[]? source) => source is null ? null : [.. rows.Select(r => source[r])];
        return new TrainingData(
            Task,
            Features,
            [.. _numeric.Select(Take)],
            [.. _categorical.Select(Take)],
            ClassNames,
            Take(Classes),
            Take(Targets),
            LabelColumn);
    }

    /// <summary>
    /// Reads the feature columns and, when <paramref name="labelColumn"/> is given, the label from an ML.NET data view.
    /// Numeric and boolean features may be Single, Double, Int32, Int64 or Boolean columns; categoricals text. Class
    /// names, when not given, are inferred: false/true for a boolean label, else the distinct values in numeric or
    /// ordinal order. A missing column, an unreadable type, a missing label or a label outside the given class names
    /// is a validation error naming the column.
    /// </summary>
    public static TrainingData FromDataView(
        IDataView data,
        IReadOnlyList<FeatureSpec> features,
        TrainingTask task,
        string? labelColumn,
        IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(features);
        ValidateFeatures(features);

        var readers = new List<ColumnReader>();
        var numeric = new List<float>?[features.Count];
        var categorical = new List<string?>?[features.Count];
        for (var i = 0; i < features.Count; i++)
        {
            var column = FindColumn(data, features[i].Name, "feature");
            if (features[i].Kind == FeatureKind.Categorical)
            {
                var values = categorical[i] = [];
                readers.Add(TextReader(column, features[i].Name, values));
            }
            else
            {
                var values = numeric[i] = [];
                readers.Add(FloatReader(column, features[i], values));
            }
        }

        var labels = new List<object?>();
        var labelIsBoolean = false;
        if (labelColumn is not null)
        {
            var column = FindColumn(data, labelColumn, "label");
            labelIsBoolean = column.Type is BooleanDataViewType;
            readers.Add(LabelReader(column, labelColumn, task, labels));
        }

        using (var cursor = data.GetRowCursor(readers.Select(r => r.Column)))
        {
            var actions = readers.Select(r => r.Bind(cursor)).ToList();
            while (cursor.MoveNext())
            {
                foreach (var action in actions)
                {
                    action();
                }
            }
        }

        var numericColumns = numeric.Select(c => c?.ToArray()).ToList();
        var categoricalColumns = categorical.Select(c => c?.ToArray()).ToList();
        return WithLabel(task, features, numericColumns, categoricalColumns, labelColumn, labels, classNames ?? (labelIsBoolean ? ["false", "true"] : null));
    }

    /// <summary>
    /// Takes the features and label of a loaded data set. <paramref name="features"/> defaults to the data set's
    /// feature columns except timestamps, which are not model inputs (they order time splits). Categorical features
    /// learn their vocabulary from the rows trained on; class names default to the label column's categories (sorted
    /// ordinally), false/true for a boolean label, or the distinct numbers in numeric order.
    /// </summary>
    public static TrainingData FromDataset(
        TabularDataset dataset,
        TrainingTask task,
        IReadOnlyList<string>? classNames = null,
        IReadOnlyList<FeatureSpec>? features = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        features ??=
        [
            .. dataset.Features.Where(c => c.Kind != ColumnKind.Timestamp).Select(c => c.Kind switch
            {
                ColumnKind.Numeric => FeatureSpec.Numeric(c.Name),
                ColumnKind.Boolean => FeatureSpec.Boolean(c.Name),
                _ => FeatureSpec.Categorical(c.Name),
            }),
        ];
        ValidateFeatures(features);

        var numeric = new float[]?[features.Count];
        var categorical = new string?[]?[features.Count];
        for (var i = 0; i < features.Count; i++)
        {
            var feature = features[i];
            var column = dataset.FindColumn(feature.Name) ?? throw MlopsException.Validation(
                $"The data has no feature column '{feature.Name}'; its columns are {string.Join(", ", dataset.Columns.Select(c => $"'{c.Name}'"))}.", feature.Name);
            switch (feature.Kind, column)
            {
                case (FeatureKind.Categorical, CategoricalColumn text):
                    categorical[i] = [.. Enumerable.Range(0, text.Length).Select(r => text[r])];
                    break;
                case (FeatureKind.Numeric or FeatureKind.Boolean, NumericColumn number):
                    numeric[i] = [.. number.Values.ToArray().Select(v => (float)v)];
                    break;
                case (FeatureKind.Numeric or FeatureKind.Boolean, BooleanColumn flag):
                    numeric[i] = [.. flag.Values.ToArray().Select(v => v is { } b ? (b ? 1f : 0f) : float.NaN)];
                    break;
                default:
                    throw MlopsException.Validation(
                        $"Feature '{feature.Name}' is declared {feature.Kind.ToString().ToLowerInvariant()} but the column is {column.Kind.ToString().ToLowerInvariant()}.", feature.Name);
            }

            if (feature.Kind == FeatureKind.Boolean && column is NumericColumn && numeric[i]!.Any(v => !float.IsNaN(v) && v != 0f && v != 1f))
            {
                throw MlopsException.Validation($"Boolean feature '{feature.Name}' has values other than 0, 1 and missing.", feature.Name);
            }
        }

        var label = dataset.Label;
        if (label is null)
        {
            return new TrainingData(task, features, numeric, categorical, classNames ?? [], null, null, null);
        }

        var labels = new List<object?>(label.Length);
        IReadOnlyList<string>? inferred = null;
        switch (label, task)
        {
            case (NumericColumn number, TrainingTask.Regression):
                labels.AddRange(number.Values.ToArray().Select(v => double.IsNaN(v) ? null : (object)(float)v));
                break;
            case (BooleanColumn flag, TrainingTask.Regression):
                labels.AddRange(flag.Values.ToArray().Select(v => v is { } b ? (object)(b ? 1f : 0f) : null));
                break;
            case (_, TrainingTask.Regression):
                throw MlopsException.Validation($"Label '{label.Name}' is {label.Kind.ToString().ToLowerInvariant()}; regression needs a numeric label.", label.Name);
            case (CategoricalColumn text, _):
                labels.AddRange(Enumerable.Range(0, text.Length).Select(r => text[r]));
                inferred = text.Categories;
                break;
            case (BooleanColumn, _):
                labels.AddRange(Enumerable.Range(0, label.Length).Select(label.FormatValue));
                inferred = ["false", "true"];
                break;
            case (NumericColumn, _):
                labels.AddRange(Enumerable.Range(0, label.Length).Select(r => label.IsMissing(r) ? null : ((float)((NumericColumn)label)[r]).ToString(CultureInfo.InvariantCulture)));
                break;
            default:
                throw MlopsException.Validation($"Label '{label.Name}' is {label.Kind.ToString().ToLowerInvariant()}; a class label is categorical, boolean or numeric.", label.Name);
        }

        return WithLabel(task, features, numeric, categorical, label.Name, labels, classNames ?? inferred);
    }

    /// <summary>Attaches <paramref name="labels"/> (class names as text, or regression targets as float; null = missing).</summary>
    private static TrainingData WithLabel(
        TrainingTask task,
        IReadOnlyList<FeatureSpec> features,
        IReadOnlyList<float[]?> numericColumns,
        IReadOnlyList<string?[]?> categoricalColumns,
        string? labelColumn,
        List<object?> labels,
        IReadOnlyList<string>? classNames)
    {
        if (labelColumn is null)
        {
            return new TrainingData(task, features, numericColumns, categoricalColumns, classNames ?? [], null, null, null);
        }

        var missing = labels.Count(l => l is null);
        if (missing > 0)
        {
            throw MlopsException.Validation(
                $"Label column '{labelColumn}' is missing in {missing} of {labels.Count} rows; drop or fill those rows before training.", labelColumn);
        }

        if (task == TrainingTask.Regression)
        {
            return new TrainingData(task, features, numericColumns, categoricalColumns, [], null, [.. labels.Cast<float>()], labelColumn);
        }

        var names = classNames ?? InferClassNames(labels.Cast<string>());
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            if (!index.TryAdd(names[i], i))
            {
                throw MlopsException.Validation($"Class '{names[i]}' is listed twice for label '{labelColumn}'.", labelColumn);
            }
        }

        var classes = new int[labels.Count];
        for (var r = 0; r < labels.Count; r++)
        {
            var label = (string)labels[r]!;
            if (!index.TryGetValue(label, out classes[r]))
            {
                throw MlopsException.Validation(
                    $"Label column '{labelColumn}' has value '{label}' in row {r + 1}, which is not one of the classes {string.Join(", ", names.Select(n => $"'{n}'"))}.",
                    labelColumn);
            }
        }

        return new TrainingData(task, features, numericColumns, categoricalColumns, names, classes, null, labelColumn);
    }

    private static IReadOnlyList<string> InferClassNames(IEnumerable<string> labels)
    {
        var distinct = labels.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.All(l => double.TryParse(l, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
        {
            return [.. distinct.OrderBy(l => double.Parse(l, NumberStyles.Float, CultureInfo.InvariantCulture))];
        }

        return [.. distinct.Order(StringComparer.Ordinal)];
    }

    private static void ValidateFeatures(IReadOnlyList<FeatureSpec> features)
    {
        if (features.Count == 0)
        {
            throw MlopsException.Validation("A model needs at least one feature column.", "features");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var feature in features)
        {
            ArgumentNullException.ThrowIfNull(feature);
            if (string.IsNullOrWhiteSpace(feature.Name))
            {
                throw MlopsException.Validation("A feature has an empty name.", "features");
            }

            if (!seen.Add(feature.Name))
            {
                throw MlopsException.Validation($"Feature '{feature.Name}' is listed twice.", feature.Name);
            }

            if (!Enum.IsDefined(feature.Kind))
            {
                throw MlopsException.Validation($"Feature '{feature.Name}' has an unknown kind {(int)feature.Kind}.", feature.Name);
            }

            if (feature.Categories is not null && feature.Kind != FeatureKind.Categorical)
            {
                throw MlopsException.Validation($"Feature '{feature.Name}' is {feature.Kind}; only categorical features take categories.", feature.Name);
            }
        }
    }

    private static DataViewSchema.Column FindColumn(IDataView data, string name, string role) =>
        data.Schema.GetColumnOrNull(name) ?? throw MlopsException.Validation(
            $"The data has no {role} column '{name}'; its columns are {string.Join(", ", data.Schema.Where(c => !c.IsHidden).Select(c => $"'{c.Name}'"))}.",
            name);

    private static ColumnReader FloatReader(DataViewSchema.Column column, FeatureSpec feature, List<float> values)
    {
        var reader = NumberReader(column, feature.Name, values.Add, FeatureKindName(feature.Kind));
        if (feature.Kind != FeatureKind.Boolean)
        {
            return reader;
        }

        return reader with
        {
            Check = () =>
            {
                var last = values[^1];
                if (!float.IsNaN(last) && last != 0f && last != 1f)
                {
                    throw MlopsException.Validation(
                        $"Boolean feature '{feature.Name}' has value {last.ToString(CultureInfo.InvariantCulture)} in row {values.Count}; use 0, 1 or missing.", feature.Name);
                }
            },
        };
    }

    private static ColumnReader TextReader(DataViewSchema.Column column, string name, List<string?> values)
    {
        if (column.Type is not TextDataViewType)
        {
            throw MlopsException.Validation(
                $"Categorical feature '{name}' must be a text column; it is {column.Type}. Declare it numeric, or load it as text.", name);
        }

        return new ColumnReader(column, cursor =>
        {
            var getter = cursor.GetGetter<ReadOnlyMemory<char>>(column);
            ReadOnlyMemory<char> value = default;
            return () =>
            {
                getter(ref value);
                values.Add(value.IsEmpty ? null : value.ToString());
            };
        });
    }

    private static ColumnReader LabelReader(DataViewSchema.Column column, string name, TrainingTask task, List<object?> values)
    {
        if (task == TrainingTask.Regression)
        {
            return NumberReader(column, name, v => values.Add(float.IsNaN(v) ? null : v), "numeric label");
        }

        if (column.Type is TextDataViewType)
        {
            return new ColumnReader(column, cursor =>
            {
                var getter = cursor.GetGetter<ReadOnlyMemory<char>>(column);
                ReadOnlyMemory<char> value = default;
                return () =>
                {
                    getter(ref value);
                    values.Add(value.IsEmpty ? null : value.ToString());
                };
            });
        }

        if (column.Type is BooleanDataViewType)
        {
            return new ColumnReader(column, cursor =>
            {
                var getter = cursor.GetGetter<bool>(column);
                var value = false;
                return () =>
                {
                    getter(ref value);
                    values.Add(value ? "true" : "false");
                };
            });
        }

        return NumberReader(column, name, v => values.Add(float.IsNaN(v) ? null : v.ToString(CultureInfo.InvariantCulture)), "class label");
    }

    private static ColumnReader NumberReader(DataViewSchema.Column column, string name, Action<float> add, string role)
    {
        Func<DataViewRowCursor, Action> bind = column.Type switch
        {
            var t when t == NumberDataViewType.Single => cursor => Read<float>(cursor, column, v => add(v)),
            var t when t == NumberDataViewType.Double => cursor => Read<double>(cursor, column, v => add((float)v)),
            var t when t == NumberDataViewType.Int32 => cursor => Read<int>(cursor, column, v => add(v)),
            var t when t == NumberDataViewType.Int64 => cursor => Read<long>(cursor, column, v => add(v)),
            BooleanDataViewType => cursor => Read<bool>(cursor, column, v => add(v ? 1f : 0f)),
            _ => throw MlopsException.Validation(
                $"Column '{name}' ({role}) has type {column.Type}; use a Single, Double, Int32, Int64 or Boolean column.", name),
        };
        return new ColumnReader(column, bind);
    }

    private static Action Read<T>(DataViewRowCursor cursor, DataViewSchema.Column column, Action<T> add)
    {
        var getter = cursor.GetGetter<T>(column);
        T value = default!;
        return () =>
        {
            getter(ref value);
            add(value);
        };
    }

    private static string FeatureKindName(FeatureKind kind) => kind == FeatureKind.Boolean ? "boolean feature" : "numeric feature";

    private sealed record ColumnReader(DataViewSchema.Column Column, Func<DataViewRowCursor, Action> Read)
    {
        public Action? Check { get; init; }

        public Action Bind(DataViewRowCursor cursor)
        {
            var read = Read(cursor);
            var check = Check;
            return check is null ? read : () =>
            {
                read();
                check();
            };
        }
    }
}
