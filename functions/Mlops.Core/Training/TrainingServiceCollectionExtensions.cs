using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Mlops.Core.Storage;
using Mlops.Core.Training.Data;

namespace Mlops.Core.Training;

/// <summary>Registers training: data intake (and, as they land, trainers, exporters, evaluation and sweeps).</summary>
public static class TrainingServiceCollectionExtensions
{
    /// <summary>Adds the training services, their options (<c>Training</c> section) and their containers.</summary>
    public static IHostApplicationBuilder AddTraining(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<DataIntakeOptions>()
            .Bind(builder.Configuration.GetSection(DataIntakeOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddStorageContainer(DatasetContainers.TrainingData);
        builder.Services.AddStorageContainer(DatasetContainers.Datasets);
        builder.Services.AddSingleton<IDataSourceResolver, DataSourceResolver>();
        builder.Services.AddSingleton<IDatasetSnapshotStore, BlobDatasetSnapshotStore>();
        builder.Services.AddSingleton<IDatasetIntake, DatasetIntake>();
        return builder;
    }
}
