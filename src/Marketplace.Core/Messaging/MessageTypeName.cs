using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Marketplace.Core.Messaging;

/// <summary>How a message type is named in the outbox, and found again by the relay.</summary>
public static class MessageTypeName
{
    private static readonly ConcurrentDictionary<string, Type> _resolved = new();

    public static string Of(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    public static Type Resolve(string name) =>
        _resolved.GetOrAdd(name, static n => Type.GetType(n, throwOnError: false)
            ?? throw new InvalidOperationException($"Outbox message type '{n}' is not loaded in this process."));
}

public static class MessageJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}
