using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.Messaging;

/// <summary>Proof that a consumer applied a message: written in the consumer's own transaction.</summary>
public sealed class InboxMessage
{
    public required string Consumer { get; init; }

    public Guid MessageId { get; init; }

    public DateTime ProcessedAt { get; init; }
}

internal sealed class InboxMessageConfiguration : IEntityTypeConfiguration<InboxMessage>
{
    public void Configure(EntityTypeBuilder<InboxMessage> builder)
    {
        builder.ToTable("inbox_messages");
        builder.HasKey(m => new { m.Consumer, m.MessageId });
        builder.Property(m => m.Consumer).HasMaxLength(256);
        builder.HasIndex(m => m.ProcessedAt);
    }
}
