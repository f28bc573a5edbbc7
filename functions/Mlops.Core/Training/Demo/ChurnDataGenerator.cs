using System.Globalization;
using CsvHelper;
using MathNet.Numerics.Distributions;
using Parquet;
using Parquet.Schema;

namespace Mlops.Core.Training.Demo;

/// <summary>
/// Generates a realistic customer-churn data set for demos and tests: mixed numeric, categorical, boolean and
/// timestamp columns, a few percent of missing values, and a label <c>churned</c> drawn from a logistic model of the
/// features (month-to-month contracts, short tenure, fiber, support calls and electronic checks raise the risk), so a
/// model has real signal to find. The same seed gives the same rows, byte for byte. With <c>drift</c> on, the
/// customer mix shifts as it would after a price change: more month-to-month and fiber customers, higher charges,
/// more support calls and younger customers; the relation between features and churn is unchanged.
/// </summary>
public static class ChurnDataGenerator
{
    /// <summary>The label column.</summary>
    public const string LabelColumn = "churned";

    /// <summary>The ID column.</summary>
    public const string IdColumn = "customer_id";

    /// <summary>The contract types.</summary>
    public static IReadOnlyList<string> Contracts { get; } = ["month-to-month", "one-year", "two-year"];

    /// <summary>The payment methods.</summary>
    public static IReadOnlyList<string> PaymentMethods { get; } = ["electronic check", "mailed check", "bank transfer", "credit card"];

    /// <summary>The internet services.</summary>
    public static IReadOnlyList<string> InternetServices { get; } = ["fiber optic", "dsl", "none"];

    /// <summary>The columns in file order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        IdColumn, "age", "tenure_months", "contract", "payment_method", "internet_service", "monthly_charges",
        "total_charges", "support_calls", "has_partner", "signup_date", LabelColumn,
    ];

    // Signup dates count back from a fixed day, not today, so the data does not depend on when it is generated.
    private static readonly DateTimeOffset ReferenceDate = new(2025, 6, 30, 0, 0, 0, TimeSpan.Zero);

    private const int RowGroupSize = 50_000;

    /// <summary>Generates <paramref name="rows"/> customers.</summary>
    public static IEnumerable<ChurnRecord> Generate(int rows, int seed, bool drift = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        return GenerateCore(rows, seed, drift);
    }

    /// <summary>Writes <paramref name="rows"/> customers as CSV (header, comma-separated, empty field = missing).</summary>
    public static async Task WriteCsvAsync(Stream destination, int rows, int seed, bool drift = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var writer = CsvWriter.Create(destination, CsvWriterOptions.Default with { NewLine = "\n" }, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            await writer.WriteRecordAsync([.. Columns], cancellationToken).ConfigureAwait(false);
            foreach (var r in Generate(rows, seed, drift))
            {
                await writer.WriteRecordAsync(
                    [
                        r.CustomerId,
                        Format(r.Age),
                        Format(r.TenureMonths),
                        r.Contract,
                        r.PaymentMethod ?? string.Empty,
                        r.InternetService,
                        Format(r.MonthlyCharges),
                        Format(r.TotalCharges),
                        Format(r.SupportCalls),
                        r.HasPartner ? "true" : "false",
                        r.SignupDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                        r.Churned ? "true" : "false",
                    ],
                    cancellationToken).ConfigureAwait(false);
            }

            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Writes <paramref name="rows"/> customers as Parquet, in row groups of 50,000, with typed columns (nullable
    /// integers and doubles, strings, booleans, a timestamp). The destination must be seekable.
    /// </summary>
    public static async Task WriteParquetAsync(Stream destination, int rows, int seed, bool drift = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var id = new DataField<string>(IdColumn);
        var age = new DataField<int?>("age");
        var tenure = new DataField<int>("tenure_months");
        var contract = new DataField<string>("contract");
        var payment = new DataField<string>("payment_method");
        var internet = new DataField<string>("internet_service");
        var monthly = new DataField<double?>("monthly_charges");
        var total = new DataField<double?>("total_charges");
        var calls = new DataField<int?>("support_calls");
        var partner = new DataField<bool>("has_partner");
        var signup = new DataField<DateTime>("signup_date");
        var churned = new DataField<bool>(LabelColumn);
        var schema = new ParquetSchema(id, age, tenure, contract, payment, internet, monthly, total, calls, partner, signup, churned);
        var writer = await ParquetWriter.CreateAsync(schema, destination, null, append: false, cancellationToken).ConfigureAwait(false);
        await using (writer.ConfigureAwait(false))
        {
            foreach (var chunk in Generate(rows, seed, drift).Chunk(RowGroupSize))
            {
                using var group = writer.CreateRowGroup();
                await group.WriteAsync(id, chunk.Select(r => r.CustomerId).ToArray(), null).ConfigureAwait(false);
                await group.WriteAsync<int>(age, chunk.Select(r => r.Age).ToArray(), null, null, cancellationToken).ConfigureAwait(false);
                await group.WriteAsync<int>(tenure, chunk.Select(r => r.TenureMonths).ToArray(), null, null, cancellationToken).ConfigureAwait(false);
                await group.WriteAsync(contract, chunk.Select(r => r.Contract).ToArray(), null).ConfigureAwait(false);
                await group.WriteAsync(payment, chunk.Select(r => r.PaymentMethod).ToArray()!, null).ConfigureAwait(false);
                await group.WriteAsync(internet, chunk.Select(r => r.InternetService).ToArray(), null).ConfigureAwait(false);
                await group.WriteAsync<double>(monthly, chunk.Select(r => r.MonthlyCharges).ToArray(), null, null, cancellationToken).ConfigureAwait(false);
                await group.WriteAsync<double>(total, chunk.Select(r => r.TotalCharges).ToArray(), null, null, cancellationToken).ConfigureAwait(false);
                await group.WriteAsync<int>(calls, chunk.Select(r => r.SupportCalls).ToArray(), null, null, cancellationToken).ConfigureAwait(false);
                await group.WriteAsync<bool>(partner, chunk.Select(r => r.HasPartner).ToArray(), null, null, cancellationToken).ConfigureAwait(false);
                await group.WriteAsync<DateTime>(signup, chunk.Select(r => r.SignupDate.UtcDateTime).ToArray(), null, null, cancellationToken).ConfigureAwait(false);
                await group.WriteAsync<bool>(churned, chunk.Select(r => r.Churned).ToArray(), null, null, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static IEnumerable<ChurnRecord> GenerateCore(int rows, int seed, bool drift)
    {
        // Every row draws the same numbers in the same order whatever the outcomes, so the stream stays aligned.
        var random = new Random(seed);
        for (var i = 0; i < rows; i++)
        {
            var contract = Pick(random, drift ? [0.72, 0.16, 0.12] : [0.55, 0.25, 0.20], Contracts);
            var monthToMonth = contract == "month-to-month";
            var twoYear = contract == "two-year";
            var tenureMean = monthToMonth ? 14.0 : twoYear ? 40.0 : 26.0;
            var tenure = (int)Math.Min(72, Math.Floor(-Math.Log(1 - random.NextDouble()) * tenureMean) + (twoYear ? 6 : 0));
            var internet = Pick(random, drift ? [0.55, 0.30, 0.15] : [0.44, 0.34, 0.22], InternetServices);
            var fiber = internet == "fiber optic";
            var (chargeMean, chargeStd) = internet switch
            {
                "fiber optic" => (88.0, 11.0),
                "dsl" => (55.0, 9.0),
                _ => (22.0, 4.0),
            };
            var monthly = Math.Round(Math.Max(15, Normal.Sample(random, chargeMean + (drift ? 12 : 0), chargeStd)), 2);
            var total = Math.Round(monthly * tenure * (0.95 + (0.1 * random.NextDouble())), 2);
            var age = (int)Math.Clamp(Math.Round(Normal.Sample(random, drift ? 38 : 46, drift ? 13 : 15)), 18, 90);
            var partner = random.NextDouble() < 0.48;
            var payment = Pick(random, [0.34, 0.22, 0.22, 0.22], PaymentMethods);
            var calls = Poisson.Sample(random, (1.0 + (fiber ? 0.6 : 0) + (monthToMonth ? 0.4 : 0)) * (drift ? 1.8 : 1));
            var signupDays = (tenure * 30) + random.Next(0, 28);

            var logit = -1.9
                + (1.3 * (monthToMonth ? 1 : 0))
                - (1.0 * (twoYear ? 1 : 0))
                - (0.035 * tenure)
                + (0.6 * (fiber ? 1 : 0))
                + (0.35 * calls)
                + (0.45 * (payment == "electronic check" ? 1 : 0))
                - (0.3 * (partner ? 1 : 0))
                + (0.012 * (monthly - 60))
                - (0.008 * (age - 45));
            var churned = random.NextDouble() < 1 / (1 + Math.Exp(-logit));

            // Missing values, as real exports have them: drawn after the label, which saw the true values.
            var ageMissing = random.NextDouble() < 0.03;
            var paymentMissing = random.NextDouble() < 0.02;
            var monthlyMissing = random.NextDouble() < 0.01;
            var totalMissing = tenure == 0 | random.NextDouble() < 0.01; // '|': the draw happens either way
            var callsMissing = random.NextDouble() < 0.02;

            yield return new ChurnRecord(
                CustomerId: $"C{i + 1:D7}",
                Age: ageMissing ? null : age,
                TenureMonths: tenure,
                Contract: contract,
                PaymentMethod: paymentMissing ? null : payment,
                InternetService: internet,
                MonthlyCharges: monthlyMissing ? null : monthly,
                TotalCharges: totalMissing ? null : total,
                SupportCalls: callsMissing ? null : calls,
                HasPartner: partner,
                SignupDate: ReferenceDate.AddDays(-signupDays),
                Churned: churned);
        }
    }

    private static string Pick(Random random, double[] weights, IReadOnlyList<string> values)
    {
        var u = random.NextDouble();
        for (var i = 0; i < weights.Length - 1; i++)
        {
            u -= weights[i];
            if (u < 0)
            {
                return values[i];
            }
        }

        return values[^1];
    }

    private static string Format(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Format(double? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;
}
