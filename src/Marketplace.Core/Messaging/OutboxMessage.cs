using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.Messaging;

/// <summary>
/// A message stored in the same transaction as the state change that caused it; the relay publishes it later.
/// Its <see cref="Id"/> becomes the message id on the bus, so consumers can recognise a second delivery.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; init; }

    /// <summary>"Namespace.Type, Assembly" of the message contract.</summary>
    public required string MessageType { get; init; }

    public required string Body { get; init; }

    /// <summary>W3C traceparent of the activity that wrote the message, so traces cross the outbox.</summary>
    public string? TraceParent { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime NextAttemptAt { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    public DateTime? SentAt { get; set; }

    public static OutboxMessage Create<T>(T message, DateTime now)
        where T : class
    {
        var type = message.GetType();
        return new OutboxMessage
        {
            Id = Guid.CreateVersion7(now),
            MessageType = MessageTypeName.Of(type),
            Body = JsonSerializer.Serialize(message, type, MessageJson.Options),
            TraceParent = Activity.Current?.Id,
            CreatedAt = now,
            NextAttemptAt = now,
        };
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("outbox_messages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.MessageType).HasMaxLength(512);
        builder.Property(m => m.TraceParent).HasMaxLength(128);
        builder.Property(m => m.LastError).HasMaxLength(2000);
        builder.HasIndex(m => m.NextAttemptAt).HasFilter("sent_at IS NULL").HasDatabaseName("ix_outbox_messages_pending");
        builder.HasIndex(m => m.SentAt).HasFilter("sent_at IS NOT NULL").HasDatabaseName("ix_outbox_messages_sent");
    }
}
