using Microsoft.Extensions.DependencyInjection;
using Mlops.Core.Features;
using Mlops.Server.Tests.Infrastructure;

namespace Mlops.Server.Tests.Features;

/// <summary>Feature views and their rows written straight into the server's stores (materialization is tested elsewhere).</summary>
internal static class FeatureSetup
{
    public static string NewViewName(string prefix) => prefix + "_" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>A view keyed by <c>customer_id</c> with number features and optionally one text feature.</summary>
    public static Task<FeatureView> DefineAsync(ServerFactory factory, string name, string ttl, IReadOnlyList<string> numbers, string? text = null)
    {
        var features = numbers.Select(n => new FeatureDefinition(n, Column: n)).ToList();
        if (text is not null)
        {
            features.Add(new FeatureDefinition(text, Column: text, Type: FeatureValueType.Text));
        }

        return factory.Services.GetRequiredService<IFeatureRegistry>().DefineAsync(
            new FeatureViewDefinition(name, ["customer_id"], "event_timestamp", new FeatureSourceDefinition(), features, ttl));
    }

    /// <summary>Rows of a view: customer, event time, one value per number feature (NaN = missing), and the text feature's value.</summary>
    public static FeatureFrame Frame(FeatureView view, IReadOnlyList<(string Customer, DateTimeOffset Time, double[] Numbers, string? Text)> rows)
    {
        var definitions = view.Definition.Features;
        var columns = new List<FeatureColumn>();
        var n = 0;
        foreach (var definition in definitions)
        {
            if (definition.ValueType == FeatureValueType.Text)
            {
                columns.Add(FeatureColumn.FromTexts(definition.Name, [.. rows.Select(r => r.Text)]));
            }
            else
            {
                var index = n++;
                columns.Add(FeatureColumn.FromNumbers(definition.Name, [.. rows.Select(r => r.Numbers[index])]));
            }
        }

        return new FeatureFrame(["customer_id"], [[.. rows.Select(r => r.Customer)]], [.. rows.Select(r => r.Time)], columns);
    }

    public static Task WriteOnlineAsync(ServerFactory factory, FeatureView view, FeatureFrame frame) =>
        factory.Services.GetRequiredService<IOnlineFeatureStore>().WriteAsync(view, frame);

    /// <summary>Writes the rows to the offline store, one file per UTC date, as materialization does.</summary>
    public static async Task WriteOfflineAsync(ServerFactory factory, FeatureView view, FeatureFrame frame)
    {
        var store = factory.Services.GetRequiredService<IOfflineFeatureStore>();
        var byDate = Enumerable.Range(0, frame.RowCount).GroupBy(r => DateOnly.FromDateTime(frame.EventTimestamps[r].UtcDateTime));
        foreach (var date in byDate)
        {
            await store.WriteAsync(view, date.Key, "test", frame.Select([.. date]));
        }
    }
}
