using System.Globalization;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Mlops.Core.Training.Demo;

namespace Mlops.Tool;

/// <summary>
/// <c>mlops demo-data --rows N --seed S [--drift] [--format csv|parquet|records] --out FILE</c> writes the churn demo
/// data (<c>records</c>: a JSON array of rows, booleans as 0/1 the way exported models take them, for predict bodies);
/// <c>mlops upload FILE blob://container/path</c> copies a file into the platform's storage (the account in
/// <c>AzureWebJobsStorage</c>, default Azurite; container names get <c>Storage__Prefix</c>, as the server applies it).
/// </summary>
internal static class ToolCommands
{
    private const string Usage = """
        usage:
          mlops demo-data --rows N [--seed S] [--drift] [--format csv|parquet|records] --out FILE
          mlops upload FILE blob://CONTAINER/PATH
        upload reads AzureWebJobsStorage (default UseDevelopmentStorage=true) and Storage__Prefix from the environment.
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        try
        {
            return args switch
            {
                ["demo-data", .. var rest] => await DemoDataAsync(Options.Parse(rest, ["drift"]), output),
                ["upload", var file, var target] => await UploadAsync(file, target, output),
                ["--help" or "-h" or "help"] => Print(output, Usage, 0),
                _ => Print(error, Usage, 2),
            };
        }
        catch (ToolException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            return 2;
        }
    }

    private static async Task<int> DemoDataAsync(Options options, TextWriter output)
    {
        var rows = options.Int("rows") ?? throw new ToolException("--rows is required, e.g. --rows 5000.");
        if (rows < 1)
        {
            throw new ToolException($"--rows must be at least 1; got {rows}.");
        }

        var seed = options.Int("seed") ?? 1;
        var drift = options.Flag("drift");
        var path = options.Text("out") ?? throw new ToolException("--out is required: the file to write.");
        var format = options.Text("format") ?? (path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) ? "parquet" : "csv");
        if (format is not ("csv" or "parquet" or "records"))
        {
            throw new ToolException($"--format must be csv, parquet or records; got '{format}'.");
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        await using (var file = File.Create(path))
        {
            switch (format)
            {
                case "csv":
                    await ChurnDataGenerator.WriteCsvAsync(file, rows, seed, drift);
                    break;
                case "parquet":
                    await ChurnDataGenerator.WriteParquetAsync(file, rows, seed, drift);
                    break;
                default:
                    await WriteRecordsAsync(file, rows, seed, drift);
                    break;
            }
        }

        await output.WriteLineAsync($"demo-data: wrote {rows} churn rows (seed {seed}{(drift ? ", drifted" : string.Empty)}) as {format} to {path} ({new FileInfo(path).Length:N0} bytes)");
        return 0;
    }

    private static async Task WriteRecordsAsync(Stream destination, int rows, int seed, bool drift)
    {
        await using var writer = new Utf8JsonWriter(destination, new JsonWriterOptions { Indented = true });
        writer.WriteStartArray();
        foreach (var r in ChurnDataGenerator.Generate(rows, seed, drift))
        {
            writer.WriteStartObject();
            writer.WriteString("customer_id", r.CustomerId);
            Number(writer, "age", r.Age);
            writer.WriteNumber("tenure_months", r.TenureMonths);
            writer.WriteString("contract", r.Contract);
            writer.WriteString("payment_method", r.PaymentMethod);
            writer.WriteString("internet_service", r.InternetService);
            Number(writer, "monthly_charges", r.MonthlyCharges);
            Number(writer, "total_charges", r.TotalCharges);
            Number(writer, "support_calls", r.SupportCalls);
            writer.WriteNumber("has_partner", r.HasPartner ? 1 : 0);
            writer.WriteString("signup_date", r.SignupDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            writer.WriteBoolean("churned", r.Churned);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void Number(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static async Task<int> UploadAsync(string file, string target, TextWriter output)
    {
        if (!File.Exists(file))
        {
            throw new ToolException($"'{file}' does not exist.");
        }

        const string scheme = "blob://";
        var slash = target.StartsWith(scheme, StringComparison.Ordinal) ? target.IndexOf('/', scheme.Length) : -1;
        if (slash < 0 || slash == target.Length - 1)
        {
            throw new ToolException($"'{target}' is not a blob location; use blob://CONTAINER/PATH, e.g. blob://training-data/churn/data.csv.");
        }

        var container = (Environment.GetEnvironmentVariable("Storage__Prefix") ?? string.Empty) + target[scheme.Length..slash];
        var path = target[(slash + 1)..];
        var connection = Environment.GetEnvironmentVariable("AzureWebJobsStorage") is { Length: > 0 } configured ? configured : "UseDevelopmentStorage=true";
        var client = new BlobServiceClient(connection).GetBlobContainerClient(container);
        await client.CreateIfNotExistsAsync();
        var contentType = file.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) ? "application/vnd.apache.parquet" : "text/csv";
        await using (var stream = File.OpenRead(file))
        {
            await client.GetBlobClient(path).UploadAsync(stream, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } });
        }

        await output.WriteLineAsync($"upload: {file} -> {target} (container '{container}' at {client.Uri.GetLeftPart(UriPartial.Authority)})");
        return 0;
    }

    private static int Print(TextWriter writer, string text, int code)
    {
        writer.WriteLine(text);
        return code;
    }

    private sealed class Options
    {
        private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);

        public static Options Parse(string[] args, IReadOnlyCollection<string> flags)
        {
            var options = new Options();
            for (var i = 0; i < args.Length; i++)
            {
                if (!args[i].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new ToolException($"Unexpected argument '{args[i]}'.");
                }

                var name = args[i][2..];
                if (flags.Contains(name))
                {
                    options._values[name] = null;
                }
                else if (i + 1 < args.Length)
                {
                    options._values[name] = args[++i];
                }
                else
                {
                    throw new ToolException($"--{name} needs a value.");
                }
            }

            return options;
        }

        public bool Flag(string name) => _values.ContainsKey(name);

        public string? Text(string name) => _values.GetValueOrDefault(name);

        public int? Int(string name) => Text(name) is { } text
            ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw new ToolException($"--{name} must be a whole number; got '{text}'.")
            : null;
    }
}
