using Mlops.Core.Diagnostics;
using Mlops.Core.Features;

namespace Mlops.Core.Tests.Features;

public sealed class FeatureViewValidatorTests
{
    [Fact]
    public void Validate_ValidDefinition_FillsDefaults()
    {
        var definition = FeatureTestData.Drivers("drivers");

        var valid = FeatureViewValidator.Validate(definition);

        Assert.Equal("drivers/**.csv", valid.Source.Path);
        Assert.Equal("trips", valid.Features[0].Column);
        Assert.Equal(FeatureKind.Derived, valid.Features[2].Kind);
        Assert.Equal(FeatureKind.Aggregate, valid.Features[4].Kind);
    }

    [Fact]
    public void Validate_PassthroughWithoutColumn_ReadsTheColumnOfItsName()
    {
        var definition = FeatureTestData.Drivers("drivers") with { Features = [new FeatureDefinition("trips")] };

        var valid = FeatureViewValidator.Validate(definition);

        Assert.Equal("trips", valid.Features[0].Column);
    }

    public static TheoryData<string, Func<FeatureViewDefinition, FeatureViewDefinition>> BadDefinitions => new()
    {
        { "name", d => d with { Name = "bad/name" } },
        { "entities", d => d with { Entities = [] } },
        { "entities[1]", d => d with { Entities = ["driver_id", "driver_id"] } },
        { "timestampColumn", d => d with { TimestampColumn = "driver_id" } },
        { "ttl", d => d with { Ttl = "forever" } },
        { "ttl", d => d with { Ttl = "0d" } },
        { "source.path", d => d with { Source = new FeatureSourceDefinition("other/*.csv") } },
        { "source.path", d => d with { Source = new FeatureSourceDefinition("drivers/../x.csv") } },
        { "features", d => d with { Features = [] } },
        { "features", d => d with { Features = [.. Enumerable.Range(0, FeatureViewValidator.MaxFeatures + 1).Select(i => new FeatureDefinition($"f{i}", Column: "trips"))] } },
        { "features[1].name", d => d with { Features = [new FeatureDefinition("trips"), new FeatureDefinition("TRIPS", Column: "fare")] } },
        { "features[0].name", d => d with { Features = [new FeatureDefinition("driver_id", Column: "trips")] } },
        { "features[0].name", d => d with { Features = [new FeatureDefinition("1abc", Column: "trips")] } },
        { "features[0].window", d => d with { Features = [new FeatureDefinition("t", Column: "trips", Aggregation: FeatureAggregation.Sum, Window: "7 days")] } },
        { "features[0].window", d => d with { Features = [new FeatureDefinition("t", Column: "trips", Aggregation: FeatureAggregation.Sum)] } },
        { "features[0].window", d => d with { Features = [new FeatureDefinition("t", Column: "trips", Window: "1h")] } },
        { "features[0].column", d => d with { Features = [new FeatureDefinition("t", Aggregation: FeatureAggregation.Mean, Window: "1h")] } },
        { "features[0].expression", d => d with { Features = [new FeatureDefinition("t", Expression: "log(fare")] } },
        { "features[0].expression", d => d with { Features = [new FeatureDefinition("t", Expression: "median(fare)")] } },
        { "features[0].expression", d => d with { Features = [new FeatureDefinition("t", Expression: "bucketize(fare, 10, 5)")] } },
        { "features[0].expression", d => d with { Features = [new FeatureDefinition("t", Column: "fare", Expression: "fare * 2")] } },
        { "features[0].type", d => d with { Features = [new FeatureDefinition("t", Expression: "fare * 2", Type: FeatureValueType.Text)] } },
        { "features[0].column", d => d with { Features = [new FeatureDefinition("t", Column: "event_time")] } },
    };

    [Theory]
    [MemberData(nameof(BadDefinitions))]
    public void Validate_BadDefinition_ThrowsValidationNamingTheField(string field, Func<FeatureViewDefinition, FeatureViewDefinition> change)
    {
        var definition = change(FeatureTestData.Drivers("drivers"));

        var error = Assert.Throws<MlopsException>(() => FeatureViewValidator.Validate(definition));

        Assert.Equal(ErrorCategory.Validation, error.Category);
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void Validate_ColumnNotInDeclaredSourceColumns_ThrowsNamingTheFeature()
    {
        var definition = FeatureTestData.Drivers("drivers") with
        {
            Source = new FeatureSourceDefinition(Columns: ["driver_id", "event_time", "trips", "city"]),
        };

        var error = Assert.Throws<MlopsException>(() => FeatureViewValidator.Validate(definition));

        Assert.Equal("features[1].column", error.Field);
        Assert.Contains("'fare'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DuplicateFeatureNames_MessageNamesBothPositions()
    {
        var definition = FeatureTestData.Drivers("drivers") with { Features = [new FeatureDefinition("a", Column: "x"), new FeatureDefinition("a", Column: "y")] };

        var error = Assert.Throws<MlopsException>(() => FeatureViewValidator.Validate(definition));

        Assert.Contains("features[0]", error.Message, StringComparison.Ordinal);
        Assert.Contains("features[1]", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("1h", 3600)]
    [InlineData("7d", 7 * 86400)]
    [InlineData("2w", 14 * 86400)]
    public void FeatureDurationParse_ValidText_ReturnsSpan(string text, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), FeatureDuration.Parse(text, "x"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("h")]
    [InlineData("-1h")]
    [InlineData("01h")]
    [InlineData("1.5h")]
    [InlineData("3651d")]
    [InlineData("99999999999d")]
    public void FeatureDurationParse_BadText_Throws(string text)
    {
        var error = Assert.Throws<MlopsException>(() => FeatureDuration.Parse(text, "window"));

        Assert.Equal("window", error.Field);
    }
}
