namespace Marketplace.Core.Welfare;

public sealed class WelfareOptions
{
    public const string Section = "Welfare";

    /// <summary>How often the expiry sweep runs; an expired wallet cannot be spent in between anyway.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(5);
}
