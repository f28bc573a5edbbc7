using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Mlops.Core.Api;
using Mlops.Core.Storage;
using Mlops.Core.Training.Data;
using Mlops.Core.Training.Experiments;
using Mlops.Core.Training.Sweeps;

namespace Mlops.Core.Training;

/// <summary>Registers training: data intake, sweeps, experiment tracking, model profiles and their routes.</summary>
public static class TrainingServiceCollectionExtensions
{
    /// <summary>Adds the training services, their options (<c>Training</c> section), tables, containers and routes.</summary>
    public static IHostApplicationBuilder AddTraining(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<DataIntakeOptions>()
            .Bind(builder.Configuration.GetSection(DataIntakeOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<TrainingOptions>()
            .Bind(builder.Configuration.GetSection(TrainingOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddStorageContainer(DatasetContainers.TrainingData);
        services.AddStorageContainer(DatasetContainers.Datasets);
        services.AddStorageContainer(SweepRunner.RunsContainer);
        services.AddStorageTable(TableExperimentTracker.Table);
        services.AddSingleton<IDataSourceResolver, DataSourceResolver>();
        services.AddSingleton<IDatasetSnapshotStore, BlobDatasetSnapshotStore>();
        services.AddSingleton<IDatasetIntake, DatasetIntake>();
        services.TryAddSingleton<IExperimentTracker, TableExperimentTracker>();
        services.TryAddSingleton<IModelProfileStore, ModelProfileStore>();
        services.AddSingleton<BuildInfo>();
        services.AddSingleton<SweepRunner>();
        services.AddSingleton<TrainingService>();
        services.AddSingleton<ITrainingService>(sp => sp.GetRequiredService<TrainingService>());
        services.AddSingleton<TrainingApi>();
        services.AddSingleton<ExperimentsApi>();

        services.AddApiEndpoint<TrainingApi>("Train", (api, request, ct) => api.TrainAsync(request, ct));
        services.AddApiEndpoint<TrainingApi>("GetModelProfile", (api, request, ct) => api.GetProfileAsync(request, ct));
        services.AddApiEndpoint<ExperimentsApi>("ListExperiments", (api, request, ct) => api.ListExperimentsAsync(request, ct));
        services.AddApiEndpoint<ExperimentsApi>("ListExperimentRuns", (api, request, ct) => api.ListRunsAsync(request, ct));
        services.AddApiEndpoint<ExperimentsApi>("GetExperimentRun", (api, request, ct) => api.GetRunAsync(request, ct));
        services.AddApiEndpoint<ExperimentsApi>("CompareExperimentRuns", (api, request, ct) => api.CompareAsync(request, ct));
        return builder;
    }
}
