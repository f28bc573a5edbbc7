using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Mlops.Core.Serving;

namespace Mlops.Core.Tests.Serving;

public sealed class ServingOptionsTests
{
    [Fact]
    public void Options_NotConfigured_HaveDocumentedDefaults()
    {
        using var host = new ServingApiHost();

        var options = host.Services.GetRequiredService<IOptions<ServingOptions>>().Value;

        Assert.Equal(
            (1000, 1, 2.0, 900.0, 16, true),
            (options.MaxBatchRows, options.IntraOpThreads, options.AliasCacheSeconds, options.SessionIdleSeconds, options.MaxSessions, options.AllowMissingValues));
    }

    [Theory]
    [InlineData("Serving:MaxBatchRows", "0")]
    [InlineData("Serving:IntraOpThreads", "0")]
    [InlineData("Serving:AliasCacheSeconds", "-1")]
    [InlineData("Serving:SessionIdleSeconds", "0")]
    [InlineData("Serving:MaxSessions", "0")]
    public void Options_OutOfRange_FailValidation(string key, string value)
    {
        using var host = new ServingApiHost(new Dictionary<string, string?> { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<ServingOptions>>().Value);

        Assert.Contains(key.Split(':')[1], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_FromConfiguration_AreBound()
    {
        using var host = new ServingApiHost(new Dictionary<string, string?> { ["Serving:MaxBatchRows"] = "5", ["Serving:AliasCacheSeconds"] = "0.25" });

        var options = host.Services.GetRequiredService<IOptions<ServingOptions>>().Value;

        Assert.Equal((5, 0.25), (options.MaxBatchRows, options.AliasCacheSeconds));
    }
}
