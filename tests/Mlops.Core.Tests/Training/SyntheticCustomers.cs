using Microsoft.ML;
using Microsoft.ML.Data;
using Mlops.Core.Training.Trainers;

namespace Mlops.Core.Tests.Training;

/// <summary>
/// A small seeded customer table for training tests: numeric (with missing values), boolean (0/1 with missing) and
/// categorical (with missing) features; a binary label <c>churn</c> ("no"/"yes"), a three-class <c>tier</c> and a
/// regression target <c>spend</c>, all driven by the features plus noise. Held-out rows add unseen categories and
/// rows with every numeric value missing.
/// </summary>
public static class SyntheticCustomers
{
    public static readonly string[] Plans = ["basic", "standard", "premium"];
    public static readonly string[] Regions = ["north", "south", "east", "west", "central"];

    public static IReadOnlyList<FeatureSpec> Features { get; } =
    [
        FeatureSpec.Numeric("age"),
        FeatureSpec.Numeric("income"),
        FeatureSpec.Numeric("tenure"),
        FeatureSpec.Boolean("has_partner"),
        FeatureSpec.Categorical("plan"),
        FeatureSpec.Categorical("region"),
    ];

    public static List<Customer> Generate(int rows, int seed, bool heldOut = false)
    {
        var random = new Random(seed);
        var customers = new List<Customer>(rows);
        for (var i = 0; i < rows; i++)
        {
            var age = 18 + (float)(random.NextDouble() * 60);
            var income = 20_000 + (float)(random.NextDouble() * 100_000);
            var tenure = (float)(random.NextDouble() * 72);
            var partner = random.Next(2);
            var plan = Plans[random.Next(Plans.Length)];
            var region = Regions[random.Next(Regions.Length)];

            var z = (0.04 * (age - 48)) - (0.00002 * (income - 70_000)) + (tenure < 12 ? 1.2 : -0.3 * tenure / 72)
                + (plan == "premium" ? 0.9 : plan == "basic" ? -0.7 : 0) + (partner == 1 ? -0.6 : 0.2)
                + (region == "north" ? 0.4 : 0) + ((random.NextDouble() - 0.5) * 1.2);

            var customer = new Customer
            {
                Age = random.NextDouble() < 0.08 ? float.NaN : age,
                Income = random.NextDouble() < 0.05 ? float.NaN : income,
                Tenure = tenure,
                HasPartner = random.NextDouble() < 0.05 ? float.NaN : partner,
                Plan = random.NextDouble() < 0.05 ? string.Empty : plan,
                Region = region,
                Churn = z > 0 ? "yes" : "no",
                Tier = z < -0.6 ? "low" : z < 0.5 ? "mid" : "high",
                Spend = (float)(40 + (0.002 * income) + (plan == "premium" ? 25 : 0) - (0.3 * age) + (15 * z) + (random.NextDouble() * 10)),
            };

            if (heldOut)
            {
                switch (i % 10)
                {
                    case 0:
                        customer.Plan = "enterprise";
                        break;
                    case 1:
                        customer.Region = "atlantis";
                        break;
                    case 2:
                        customer.Age = float.NaN;
                        customer.Income = float.NaN;
                        customer.Tenure = float.NaN;
                        customer.HasPartner = float.NaN;
                        customer.Plan = string.Empty;
                        break;
                }
            }

            customers.Add(customer);
        }

        return customers;
    }

    public static IDataView ToDataView(IEnumerable<Customer> customers) => new MLContext(0).Data.LoadFromEnumerable(customers);

    internal static TrainingData Load(IEnumerable<Customer> customers, TrainingTask task, IReadOnlyList<string>? classNames = null) =>
        TrainingData.FromDataView(ToDataView(customers), Features, task, LabelFor(task), classNames);

    public static string LabelFor(TrainingTask task) => task switch
    {
        TrainingTask.BinaryClassification => "churn",
        TrainingTask.MulticlassClassification => "tier",
        _ => "spend",
    };

    public sealed class Customer
    {
        [ColumnName("age")]
        public float Age { get; set; }

        [ColumnName("income")]
        public float Income { get; set; }

        [ColumnName("tenure")]
        public float Tenure { get; set; }

        [ColumnName("has_partner")]
        public float HasPartner { get; set; }

        [ColumnName("plan")]
        public string Plan { get; set; } = string.Empty;

        [ColumnName("region")]
        public string Region { get; set; } = string.Empty;

        [ColumnName("churn")]
        public string Churn { get; set; } = string.Empty;

        [ColumnName("tier")]
        public string Tier { get; set; } = string.Empty;

        [ColumnName("spend")]
        public float Spend { get; set; }
    }
}
