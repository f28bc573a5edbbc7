using Microsoft.ML;
using Mlops.Core.Diagnostics;
using Mlops.Core.Training.Trainers;

namespace Mlops.Core.Tests.Training.Trainers;

public sealed class TrainingDataTests
{
    [Fact]
    public void FromDataView_TextLabel_InfersOrdinalClassNames()
    {
        var data = SyntheticCustomers.Load(SyntheticCustomers.Generate(50, seed: 1), TrainingTask.MulticlassClassification);

        Assert.Equal(["high", "low", "mid"], data.ClassNames);
        Assert.Equal(50, data.RowCount);
        Assert.Equal("tier", data.LabelColumn);
    }

    [Fact]
    public void FromDataView_MissingValues_ReadAsNaNAndNull()
    {
        var customers = SyntheticCustomers.Generate(10, seed: 1, heldOut: true);

        var data = SyntheticCustomers.Load(customers, TrainingTask.BinaryClassification);

        // Held-out row 2 has every numeric value missing and no plan; row 0 has an unseen plan.
        Assert.True(float.IsNaN(data.Numeric(0)[2]));
        Assert.True(float.IsNaN(data.Numeric(3)[2]));
        Assert.Null(data.Categorical(4)[2]);
        Assert.Equal("enterprise", data.Categorical(4)[0]);
    }

    [Fact]
    public void FromDataView_BooleanAndNumericLabels_InferClassOrder()
    {
        var ml = new MLContext(0);
        var rows = new[] { new LabeledRow { X = 1, Flag = true, Grade = 10 }, new LabeledRow { X = 2, Flag = false, Grade = 2 }, new LabeledRow { X = 3, Flag = true, Grade = 2 } };
        var view = ml.Data.LoadFromEnumerable(rows);

        var byFlag = TrainingData.FromDataView(view, [FeatureSpec.Numeric("X")], TrainingTask.BinaryClassification, "Flag");
        var byGrade = TrainingData.FromDataView(view, [FeatureSpec.Numeric("X")], TrainingTask.MulticlassClassification, "Grade");

        Assert.Equal(["false", "true"], byFlag.ClassNames);
        Assert.Equal([1, 0, 1], byFlag.Classes!);
        Assert.Equal(["2", "10"], byGrade.ClassNames);
        Assert.Equal([1, 0, 0], byGrade.Classes!);
    }

    [Fact]
    public void FromDataView_UnknownColumn_ThrowsValidationNamingIt()
    {
        var view = SyntheticCustomers.ToDataView(SyntheticCustomers.Generate(5, seed: 1));

        var ex = Assert.Throws<MlopsException>(() =>
            TrainingData.FromDataView(view, [FeatureSpec.Numeric("agee")], TrainingTask.Regression, "spend"));

        Assert.Equal(ErrorCategory.Validation, ex.Category);
        Assert.Equal("agee", ex.Field);
        Assert.Contains("'age'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromDataView_MissingLabelValues_ThrowsValidation()
    {
        var customers = SyntheticCustomers.Generate(5, seed: 1);
        customers[3].Churn = string.Empty;

        var ex = Assert.Throws<MlopsException>(() => SyntheticCustomers.Load(customers, TrainingTask.BinaryClassification));

        Assert.Equal("churn", ex.Field);
        Assert.Contains("1 of 5 rows", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromDataView_LabelOutsideGivenClasses_ThrowsValidation()
    {
        var customers = SyntheticCustomers.Generate(5, seed: 1);
        customers[0].Churn = "maybe";

        var ex = Assert.Throws<MlopsException>(() => SyntheticCustomers.Load(customers, TrainingTask.BinaryClassification, ["no", "yes"]));

        Assert.Equal("churn", ex.Field);
        Assert.Contains("'maybe'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromDataView_CategoricalFromNumberColumn_ThrowsValidation()
    {
        var view = SyntheticCustomers.ToDataView(SyntheticCustomers.Generate(5, seed: 1));

        var ex = Assert.Throws<MlopsException>(() =>
            TrainingData.FromDataView(view, [FeatureSpec.Categorical("age")], TrainingTask.Regression, "spend"));

        Assert.Equal("age", ex.Field);
    }

    [Fact]
    public void FromDataView_BooleanFeatureOutsideZeroOne_ThrowsValidation()
    {
        var view = SyntheticCustomers.ToDataView(SyntheticCustomers.Generate(5, seed: 1));

        var ex = Assert.Throws<MlopsException>(() =>
            TrainingData.FromDataView(view, [FeatureSpec.Boolean("income")], TrainingTask.Regression, "spend"));

        Assert.Equal("income", ex.Field);
    }

    [Fact]
    public void FromDataView_DuplicateFeature_ThrowsValidation()
    {
        var view = SyntheticCustomers.ToDataView(SyntheticCustomers.Generate(5, seed: 1));

        var ex = Assert.Throws<MlopsException>(() =>
            TrainingData.FromDataView(view, [FeatureSpec.Numeric("age"), FeatureSpec.Numeric("age")], TrainingTask.Regression, "spend"));

        Assert.Equal("age", ex.Field);
    }

    [Fact]
    public void Select_Rows_KeepsValuesAndLabelsInOrder()
    {
        var data = SyntheticCustomers.Load(SyntheticCustomers.Generate(20, seed: 3), TrainingTask.Regression);

        var subset = data.Select([5, 2]);

        Assert.Equal([data.Targets![5], data.Targets[2]], subset.Targets!);
        Assert.Equal(new[] { data.Categorical(5)[5], data.Categorical(5)[2] }.AsEnumerable(), subset.Categorical(5).AsEnumerable());
        Assert.Equal(2, subset.RowCount);
    }

    public sealed class LabeledRow
    {
        public float X { get; set; }

        public bool Flag { get; set; }

        public int Grade { get; set; }
    }
}
