using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Mlops.Core.Registry;
using Mlops.Core.Storage;

namespace Mlops.Core.Events;

/// <summary>Registers platform events: the publisher (Event Grid topic or outbox), webhook delivery and the registry's events.</summary>
public static class EventsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IEventPublisher"/> (an Event Grid topic when <c>Events:TopicEndpoint</c> is set, else the outbox),
    /// <see cref="IEventDelivery"/> and publishing from the model registry. Call after the registry is registered.
    /// </summary>
    public static IHostApplicationBuilder AddEvents(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<EventsOptions>()
            .Bind(builder.Configuration.GetSection(EventsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddStorageTable(EventOutbox.Table);
        services.AddSingleton<PlatformEvents>();
        services.AddSingleton<EventOutbox>();
        services.AddSingleton<OutboxSignal>();
        services.AddHttpClient(WebhookDelivery.HttpClientName);
        services.AddSingleton<IEventDelivery, WebhookDelivery>();
        if (builder.Configuration.GetSection(EventsOptions.SectionName)["TopicEndpoint"] is { Length: > 0 })
        {
            services.AddSingleton<IEventPublisher, EventGridTopicPublisher>();
        }
        else
        {
            services.AddSingleton<IEventPublisher, OutboxEventPublisher>();
        }

        DecorateRegistry(services);
        return builder;
    }

    private static void DecorateRegistry(IServiceCollection services)
    {
        var descriptor = services.LastOrDefault(d => d.ServiceType == typeof(IModelRegistry));
        if (descriptor is null)
        {
            return;
        }

        services.Remove(descriptor);
        services.Add(ServiceDescriptor.Describe(
            typeof(IModelRegistry),
            sp => ActivatorUtilities.CreateInstance<EventPublishingModelRegistry>(sp, CreateInner(sp, descriptor)),
            descriptor.Lifetime));
    }

    private static IModelRegistry CreateInner(IServiceProvider services, ServiceDescriptor descriptor) => (IModelRegistry)(
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(services)
        ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));
}
