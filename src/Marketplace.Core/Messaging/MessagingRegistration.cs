using System.Reflection;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Marketplace.Core.Messaging;

public static class MessagingRegistration
{
    /// <summary>
    /// The bus (in-memory or RabbitMQ, from configuration), this process's consumers if it runs them,
    /// the outbox relay and the cleanup of sent rows.
    /// </summary>
    public static IHostApplicationBuilder AddMarketplaceMessaging(this IHostApplicationBuilder builder, params Assembly[] consumerAssemblies)
    {
        var section = builder.Configuration.GetSection(MessagingOptions.Section);
        builder.Services.Configure<MessagingOptions>(section);
        var options = section.Get<MessagingOptions>() ?? new MessagingOptions();

        var assemblies = consumerAssemblies.Prepend(typeof(MessagingRegistration).Assembly).Distinct().ToArray();
        builder.Services.AddSingleton(options.RunConsumers ? LocalConsumers.In(assemblies) : LocalConsumers.None);
        builder.Services.AddSingleton<ConsumerSlots>();
        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(options.EndpointPrefix, false));
            if (options.RunConsumers)
            {
                bus.AddConsumers(assemblies);
            }

            switch (options.Transport)
            {
                case MessageTransport.InMemory:
                    bus.UsingInMemory((context, cfg) =>
                    {
                        cfg.ConcurrentMessageLimit = options.RabbitMq.ConcurrentMessageLimit;
                        UseConsumeFilters(cfg, context, options);
                        cfg.ConfigureEndpoints(context);
                    });
                    break;
                case MessageTransport.RabbitMq:
                    var rabbit = options.RabbitMq;
                    bus.UsingRabbitMq((context, cfg) =>
                    {
                        cfg.Host(rabbit.Host, rabbit.Port, rabbit.VirtualHost, h =>
                        {
                            h.Username(rabbit.Username);
                            h.Password(rabbit.Password);
                        });
                        cfg.PrefetchCount = rabbit.PrefetchCount;
                        cfg.ConcurrentMessageLimit = rabbit.ConcurrentMessageLimit;
                        UseConsumeFilters(cfg, context, options);
                        cfg.ConfigureEndpoints(context);
                    });
                    break;
                default:
                    throw new InvalidOperationException($"Unknown Messaging:Transport '{options.Transport}'.");
            }
        });

        if (options.RunConsumers)
        {
            // A host that consumes is started only once its queues exist and are bound: a message published to
            // an exchange with no bound queue is dropped by RabbitMQ.
            builder.Services.Configure<MassTransitHostOptions>(o =>
            {
                o.WaitUntilStarted = true;
                o.StartTimeout = TimeSpan.FromMinutes(2);
                o.StopTimeout = TimeSpan.FromSeconds(30);
            });
        }

        if (options.RunOutboxRelay)
        {
            builder.Services.AddSingleton<OutboxRelay>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay>());
            builder.Services.AddHostedService<MessageStoreCleanup>();
        }

        return builder;
    }

    private static void UseConsumeFilters(IBusFactoryConfigurator cfg, IRegistrationContext context, MessagingOptions options)
    {
        if (options.DuplicateDeliveries)
        {
            cfg.UseConsumeFilter(typeof(DuplicateDeliveryFilter<>), context);
        }

        cfg.UseConsumeFilter(typeof(ConsumerSlotFilter<>), context);
    }
}
