using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Core.Payments;

/// <summary>A Stripe event already handled: Stripe delivers at least once, and a replayed event must change nothing.</summary>
public sealed class StripeEventRecord(string eventId, string type, DateTime receivedAt)
{
    public const int IdMaxLength = 255;

    public string EventId { get; private set; } = eventId;

    public string Type { get; private set; } = type;

    public DateTime ReceivedAt { get; private set; } = receivedAt;
}

internal sealed class StripeEventRecordConfiguration : IEntityTypeConfiguration<StripeEventRecord>
{
    public void Configure(EntityTypeBuilder<StripeEventRecord> builder)
    {
        builder.ToTable("stripe_events");
        builder.HasKey(e => e.EventId);
        builder.Property(e => e.EventId).HasMaxLength(StripeEventRecord.IdMaxLength);
        builder.Property(e => e.Type).HasMaxLength(100);
    }
}
