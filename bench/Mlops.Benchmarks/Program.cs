using Mlops.Benchmarks;

return args switch
{
    ["emit-model", var path] => EmitModel(path),
    ["predict-json"] => PrintPredictJson(),
    ["online-features", var connection] => await OnlineFeatureLatency.RunAsync(connection),
    ["emit-model", ..] => Usage(),
    _ => BenchRunner.Run(args),
};

static int EmitModel(string path)
{
    var bytes = BenchModel.Onnx();
    var directory = Path.GetDirectoryName(Path.GetFullPath(path));
    if (directory is not null)
    {
        Directory.CreateDirectory(directory);
    }

    File.WriteAllBytes(path, bytes);
    Console.WriteLine($"emit-model: wrote {bytes.Length} bytes ({BenchModel.Trees} trees, {BenchModel.Features} features) to {path}");
    return 0;
}

static int PrintPredictJson()
{
    Console.WriteLine(BenchModel.PredictJson());
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: Mlops.Benchmarks emit-model PATH | predict-json | online-features STORAGE_CONNECTION_STRING | [BenchmarkDotNet arguments, e.g. --filter '*']");
    return 2;
}
