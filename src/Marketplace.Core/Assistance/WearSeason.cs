namespace Marketplace.Core.Assistance;

/// <summary>
/// 工装季节: the season work uniforms are for, as the annual report names them ("夏季工装", "冬季工装"). Uniforms are
/// bought for the season they arrive in, so the season is the China-time month of the purchase (the ledger entry's
/// month) or of an agreement's scheduled deliveries: April–September is summer wear, October–March winter wear.
/// </summary>
public enum WearSeason
{
    Summer,
    Winter,
}

public static class WearSeasons
{
    public static WearSeason Of(int month) => month is >= 4 and <= 9 ? WearSeason.Summer : WearSeason.Winter;

    /// <summary>The season every one of <paramref name="months"/> falls in; none when they are of both seasons or there are none.</summary>
    public static WearSeason? Common(IEnumerable<int> months)
    {
        var seasons = months.Select(Of).Distinct().ToList();
        return seasons.Count == 1 ? seasons[0] : null;
    }

    public static string Chinese(WearSeason? season) => season switch
    {
        WearSeason.Summer => "夏季",
        WearSeason.Winter => "冬季",
        _ => "",
    };

    public static string English(WearSeason? season) => season switch
    {
        WearSeason.Summer => "summer ",
        WearSeason.Winter => "winter ",
        _ => "",
    };
}
