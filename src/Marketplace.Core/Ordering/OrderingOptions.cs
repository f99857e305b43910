namespace Marketplace.Core.Ordering;

public sealed class OrderingOptions
{
    public const string Section = "Ordering";

    /// <summary>How long a placed order holds its stock while it waits for payment.</summary>
    public TimeSpan PaymentWindow { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a unit order holds its stock while it waits for approval.</summary>
    public TimeSpan ApprovalWindow { get; set; } = TimeSpan.FromDays(3);

    /// <summary>A delivered sub-order the buyer has not confirmed completes by itself after this.</summary>
    public TimeSpan AutoCompleteAfter { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the expiry and auto-completion sweep runs.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    public const int MaxLines = 200;

    /// <summary>Bulk and uniform orders come from spreadsheets of up to this many lines.</summary>
    public const int MaxUnitOrderLines = 10_000;

    public const int MaxQuantityPerLine = 100_000;
}
