using System.Reflection;
using Marketplace.Core.Messaging;
using Marketplace.TestWorker;
using MassTransit;

namespace Marketplace.Core.Tests.Messaging;

/// <summary>Guards the rules every consumer must follow, for the consumers of today and those still to come.</summary>
public sealed class ConsumerConventionTests
{
    private static readonly Assembly[] _consumerAssemblies = [typeof(OutboxRelay).Assembly, typeof(WorkItemConsumer).Assembly];

    private static IEnumerable<Type> Consumers() => _consumerAssemblies
        .SelectMany(a => a.GetTypes())
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IConsumer).IsAssignableFrom(t));

    [Test]
    public void Every_consumer_is_transactional_with_an_inbox()
    {
        var consumers = Consumers().ToList();
        Assert.That(consumers, Is.Not.Empty);
        Assert.That(consumers.Where(t => !DerivesFromGeneric(t, typeof(TransactionalConsumer<>))), Is.Empty,
            "consumers must derive from TransactionalConsumer<T>");
    }

    [Test]
    public void Every_consumer_has_a_definition_with_its_retry_policy()
    {
        var definitions = _consumerAssemblies.SelectMany(a => a.GetTypes())
            .Where(t => !t.IsAbstract && DerivesFromGeneric(t, typeof(MarketplaceConsumerDefinition<>)))
            .Select(t => FindGeneric(t, typeof(MarketplaceConsumerDefinition<>))!.GetGenericArguments()[0])
            .ToHashSet();

        Assert.That(Consumers().Where(c => !definitions.Contains(c)), Is.Empty,
            "each consumer needs a MarketplaceConsumerDefinition<TConsumer>");
    }

    private static bool DerivesFromGeneric(Type type, Type generic) => FindGeneric(type, generic) is not null;

    private static Type? FindGeneric(Type type, Type generic)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == generic)
            {
                return t;
            }
        }

        return null;
    }
}
