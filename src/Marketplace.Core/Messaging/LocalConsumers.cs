using System.Reflection;

namespace Marketplace.Core.Messaging;

/// <summary>
/// The consumers this process runs, by the outbox name of the message type each one takes, as the inbox names them.
/// A sent message is handled here once every one of them has its inbox row.
/// </summary>
public sealed class LocalConsumers
{
    private LocalConsumers(IReadOnlyDictionary<string, string[]> byMessageType) => ByMessageType = byMessageType;

    public static LocalConsumers None { get; } = new(new Dictionary<string, string[]>());

    /// <summary>Outbox message type → the inbox names of the consumers that must handle it.</summary>
    public IReadOnlyDictionary<string, string[]> ByMessageType { get; }

    public static LocalConsumers In(IEnumerable<Assembly> assemblies) => new(assemblies
        .SelectMany(a => a.GetTypes())
        .Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false })
        .Select(t => (Consumer: t, Message: MessageOf(t)))
        .Where(c => c.Message is not null)
        .GroupBy(c => MessageTypeName.Of(c.Message!))
        .ToDictionary(g => g.Key, g => g.Select(c => TransactionalConsumers.InboxName(c.Consumer)).Order(StringComparer.Ordinal).ToArray()));

    private static Type? MessageOf(Type type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(TransactionalConsumer<>))
            {
                return t.GetGenericArguments()[0];
            }
        }

        return null;
    }
}
