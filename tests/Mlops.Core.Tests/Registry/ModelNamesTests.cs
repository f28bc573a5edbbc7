using Mlops.Core.Diagnostics;
using Mlops.Core.Registry;

namespace Mlops.Core.Tests.Registry;

public sealed class ModelNamesTests
{
    [Theory]
    [InlineData("churn")]
    [InlineData("Churn-v2_final.1")]
    public void ValidateModel_GoodName_ReturnsIt(string name) => Assert.Equal(name, ModelNames.ValidateModel(name));

    [Theory]
    [InlineData("")]
    [InlineData("../models")]
    [InlineData("a/b")]
    [InlineData("a..b")]
    [InlineData("-lead")]
    [InlineData("name with space")]
    [InlineData("a%2Fb")]
    public void ValidateModel_BadName_Is400NamingField(string name)
    {
        var ex = Assert.Throws<MlopsException>(() => ModelNames.ValidateModel(name));

        Assert.Equal(ErrorCategory.Validation, ex.Category);
        Assert.Equal("name", ex.Field);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("01")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("9999999999")]
    public void ParseVersion_BadVersion_Is400(string version) =>
        Assert.Equal(ErrorCategory.Validation, Assert.Throws<MlopsException>(() => ModelNames.ParseVersion(version)).Category);

    [Theory]
    [InlineData("Champion")]
    [InlineData("1st")]
    [InlineData("a/b")]
    public void ValidateAlias_BadAlias_Is400(string alias) =>
        Assert.Equal("alias", Assert.Throws<MlopsException>(() => ModelNames.ValidateAlias(alias)).Field);
}
