using Mlops.Core.Diagnostics;
using Mlops.Core.Training.Data;

namespace Mlops.Core.Tests.Training.Data;

public sealed class TabularDatasetTests
{
    private static readonly DatasetSchema Schema = new(
    [
        new ColumnSchema("x", ColumnKind.Numeric),
        new ColumnSchema("skip", ColumnKind.Categorical, ColumnRole.Ignored),
        new ColumnSchema("c", ColumnKind.Categorical),
        new ColumnSchema("y", ColumnKind.Boolean, ColumnRole.Label),
    ]);

    [Fact]
    public void Constructor_ColumnsMatchingSchema_ExposesFeaturesAndLabel()
    {
        var data = Create();

        Assert.Equal(3, data.RowCount);
        Assert.Equal(["x", "c"], data.Features.Select(c => c.Name));
        Assert.Equal("y", data.Label?.Name);
        Assert.Null(data.FindColumn("skip"));
    }

    [Fact]
    public void Constructor_ColumnOfWrongKind_Throws()
    {
        Assert.Throws<ArgumentException>(() => new TabularDataset(
            Schema,
            [new NumericColumn("x", [1]), CategoricalColumn.FromValues("c", ["a"]), new NumericColumn("y", [1])]));
    }

    [Fact]
    public void Constructor_ColumnsOfDifferentLengths_Throws()
    {
        Assert.Throws<ArgumentException>(() => new TabularDataset(
            Schema,
            [new NumericColumn("x", [1, 2]), CategoricalColumn.FromValues("c", ["a"]), new BooleanColumn("y", [true])]));
    }

    [Fact]
    public void Constructor_MissingSchemaColumn_Throws()
    {
        Assert.Throws<ArgumentException>(() => new TabularDataset(Schema, [new NumericColumn("x", [1]), new BooleanColumn("y", [true])]));
    }

    [Fact]
    public void GetColumn_Unknown_Is404NamingIt()
    {
        var ex = Assert.Throws<MlopsException>(() => Create().GetColumn("nope"));

        Assert.Equal(ErrorCategory.NotFound, ex.Category);
        Assert.Equal("nope", ex.Field);
    }

    [Fact]
    public void SelectRows_PicksRowsInOrderFromEveryColumn()
    {
        var selected = Create().SelectRows([2, 0]);

        Assert.Equal(2, selected.RowCount);
        Assert.Equal([3, 1], ((NumericColumn)selected.GetColumn("x")).Values.ToArray());
        var c = (CategoricalColumn)selected.GetColumn("c");
        Assert.Equal(("b", "a"), (c[0], c[1]));
        Assert.Equal([null, true], ((BooleanColumn)selected.GetColumn("y")).Values.ToArray());
    }

    [Fact]
    public void CategoricalColumn_CodeOutsideCategories_Throws()
    {
        Assert.Throws<ArgumentException>(() => new CategoricalColumn("c", [0, 2], ["a", "b"]));
    }

    [Fact]
    public void CategoricalColumn_FromValues_EncodesSortedWithMissing()
    {
        var column = CategoricalColumn.FromValues("c", ["b", null, "a", "b"]);

        Assert.Equal(["a", "b"], column.Categories);
        Assert.Equal([1, CategoricalColumn.MissingCode, 0, 1], column.Codes.ToArray());
        Assert.Equal(1, column.CountMissing());
    }

    private static TabularDataset Create() => new(
        Schema,
        [
            new NumericColumn("x", [1, 2, 3]),
            CategoricalColumn.FromValues("c", ["a", null, "b"]),
            new BooleanColumn("y", [true, false, null]),
        ]);
}
