using System.Globalization;
using Marketplace.Core.Agreements;
using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Catalog;

namespace Marketplace.Core.Assistance;

/// <summary>One figure the annual report states, with how it is drawn from the ledger (for the export's detail sheets).</summary>
public sealed record ReportFigure(string Key, long AmountFen, string Wan);

/// <summary>The uniforms bought for one wear season.</summary>
public sealed record SeasonFigure(WearSeason Season, ReportFigure Figure);

/// <summary>Uniform agreements signed in the year with suppliers of one region for one season (none: mixed), their caps summed.</summary>
public sealed record AgreementCommitment(AssistedRegion Region, WearSeason? Season, int Agreements, ReportFigure Value);

/// <summary>
/// The annual report of a year and scope in the style of the group's report on consumption assistance, every figure
/// computed from the ledger entries (not the read model). Amounts are stated in 万元: fen ÷ 1,000,000, rounded half
/// away from zero to two decimals (0.01 万元 = ¥100), trailing zeros dropped — ¥7,470,000.00 reads 747万元 and
/// ¥10,634,400.00 reads 1063.44万元.
/// </summary>
/// <remarks>
/// What each sentence counts: designated counties — 直接采购 entries of counties whose assistance type is 定点帮扶;
/// help-sell — every 帮助销售 entry; Xinjiang/Tibet products — 直接采购 entries of Xinjiang and Tibet counties except
/// uniforms; uniforms — 直接采购 uniform entries of Xinjiang and Tibet counties, named by wear season (the entry's
/// month, <see cref="WearSeasons"/>); beneficiaries — rule 8 over the suppliers with net sales in the scope's year.
/// Uniform agreements with Xinjiang and Tibet suppliers signed in the year are stated by their value (the cap), region
/// and the season of their deliveries: they are commitments, not purchases, and add to no purchase figure — their
/// call-offs reach the ledger when paid.
/// </remarks>
public sealed record AnnualReport(
    int Year, string ScopeName, bool IsGroup, int DesignatedCounties, ReportFigure Designated, ReportFigure HelpSell,
    ReportFigure XinjiangTibet, ReportFigure Uniforms, ReportFigure Total, Beneficiaries Beneficiaries,
    IReadOnlyList<SeasonFigure> UniformSeasons, IReadOnlyList<AgreementCommitment> UniformAgreements)
{
    public static AnnualReport From(
        int year, string scopeName, bool isGroup, IReadOnlyList<LedgerSlice> slices, Beneficiaries beneficiaries, IReadOnlyList<SignedAgreement> agreements)
    {
        var direct = slices.Where(s => s.Measure == AssistanceMeasure.DirectPurchase).ToList();
        var designated = direct.Where(s => s.AssistanceType == AssistanceType.Designated).ToList();
        var westward = direct.Where(s => s.Region is AssistedRegion.Xinjiang or AssistedRegion.Tibet).ToList();
        var uniforms = westward.Where(s => s.Category == ProductCategory.Uniforms).ToList();
        return new AnnualReport(
            year, scopeName, isGroup,
            designated.GroupBy(s => s.CountyCode).Count(g => g.Sum(s => s.AmountFen) > 0),
            Of(nameof(Designated), designated.Sum(s => s.AmountFen)),
            Of(nameof(HelpSell), slices.Where(s => s.Measure == AssistanceMeasure.HelpSell).Sum(s => s.AmountFen)),
            Of(nameof(XinjiangTibet), westward.Where(s => s.Category != ProductCategory.Uniforms).Sum(s => s.AmountFen)),
            Of(nameof(Uniforms), uniforms.Sum(s => s.AmountFen)),
            Of(nameof(Total), slices.Sum(s => s.AmountFen)),
            beneficiaries,
            BySeason(uniforms),
            [.. agreements.Where(a => a.Uniforms && a.Region is AssistedRegion.Xinjiang or AssistedRegion.Tibet)
                .GroupBy(a => (a.Region, a.Season)).OrderBy(g => g.Key.Region).ThenBy(g => g.Key.Season)
                .Select(g => new AgreementCommitment(g.Key.Region, g.Key.Season, g.Count(), Of(nameof(UniformAgreements), g.Sum(a => a.CapFen))))]);
    }

    /// <summary>
    /// The uniforms by wear season of the month they were paid. A refund is entered in its own month, so a season can
    /// net below zero when the other season's purchase was refunded: then no season is named, only the total.
    /// </summary>
    private static IReadOnlyList<SeasonFigure> BySeason(IEnumerable<LedgerSlice> uniforms)
    {
        var seasons = uniforms.GroupBy(s => WearSeasons.Of(s.Month)).OrderBy(g => g.Key)
            .Select(g => new SeasonFigure(g.Key, Of($"{nameof(Uniforms)}.{g.Key}", g.Sum(s => s.AmountFen)))).Where(f => f.Figure.AmountFen != 0).ToList();
        return seasons.Any(f => f.Figure.AmountFen < 0) ? [] : seasons;
    }

    /// <summary>The report's sentences in Chinese, as the group writes them.</summary>
    public IReadOnlyList<string> Chinese()
    {
        var who = IsGroup ? "集团公司及所属成员单位" : ScopeName;
        var counties = DesignatedCounties > 0 ? ChineseCount(DesignatedCounties) + "县" : "定点帮扶县";
        var b = Beneficiaries;
        return
        [
            $"{Year}年度已采购{counties}特色农产品价值{Designated.Wan}万元。",
            $"{who}鼓励职工及家属主动购买帮扶地区农产品,帮助销售地方特色农产品累计{HelpSell.Wan}万元。",
            $"组织购买新疆西藏特色农副产品共计{XinjiangTibet.Wan}万元;组织开展工装援疆援藏工作,{(IsGroup ? "集团公司所属成员单位" : ScopeName)}已采购完成价值{UniformsChinese()}{AgreementsChinese()}。",
            $"受益村民达{b.Households}户,总计{b.People}人(其中包括脱贫户{b.PovertyAlleviatedPeople}人,残疾人{b.DisabledPeople}人)。",
            $"{Year}年度帮扶台账合计{Total.Wan}万元。",
        ];
    }

    /// <summary>The same sentences in English, with the 万元 figure and the exact yuan.</summary>
    public IReadOnlyList<string> English()
    {
        var who = IsGroup ? "the group and its member units" : ScopeName;
        var b = Beneficiaries;
        return
        [
            $"In {Year}, specialty farm products worth {Both(Designated)} were purchased from the {DesignatedCounties} designated counties.",
            $"Encouraging employees and their families to buy from the assisted areas, {who} helped sell local specialty products worth {Both(HelpSell)} in total.",
            $"Specialty products from Xinjiang and Tibet worth {Both(XinjiangTibet)} were bought; {(IsGroup ? "the member units" : ScopeName)} bought {UniformsEnglish()} from Xinjiang and Tibet{AgreementsEnglish()}.",
            $"The linked suppliers benefit {b.Households} households, {b.People} people in total (including {b.PovertyAlleviatedPeople} people lifted out of poverty and {b.DisabledPeople} disabled people).",
            $"The {Year} assistance ledger totals {Both(Total)}.",
        ];
    }

    private string UniformsChinese() => UniformSeasons.Count == 0
        ? $"{Uniforms.Wan}万元工装"
        : string.Join("、", UniformSeasons.Select(s => $"{s.Figure.Wan}万元{WearSeasons.Chinese(s.Season)}工装"));

    private string UniformsEnglish() => UniformSeasons.Count == 0
        ? $"uniforms worth {Both(Uniforms)}"
        : string.Join(" and ", UniformSeasons.Select(s => $"{WearSeasons.English(s.Season)}uniforms worth {Both(s.Figure)}"));

    private string AgreementsChinese() => UniformAgreements.Count == 0
        ? ""
        : ",同时" + string.Join("、", UniformAgreements.Select(a => $"与{RegionChinese(a.Region)}签订价值{a.Value.Wan}万元的{WearSeasons.Chinese(a.Season)}工装采购协议"));

    private string AgreementsEnglish() => UniformAgreements.Count == 0
        ? ""
        : ", and signed " + string.Join(" and ", UniformAgreements.Select(a =>
            $"{(a.Agreements == 1 ? "a " : "")}{WearSeasons.English(a.Season)}uniform purchase agreement{(a.Agreements == 1 ? "" : "s")} worth {Both(a.Value)} with {a.Region}"));

    private static string RegionChinese(AssistedRegion region) => region == AssistedRegion.Tibet ? "西藏" : "新疆";

    public IEnumerable<ReportFigure> Figures => [Designated, HelpSell, XinjiangTibet, Uniforms, Total];

    /// <summary>
    /// The figures each sentence of <see cref="Chinese"/> and <see cref="English"/> states, sentence by sentence: the third
    /// states two, the beneficiaries' sentence none (its counts are <see cref="Beneficiaries"/>).
    /// </summary>
    public IReadOnlyList<IReadOnlyList<ReportFigure>> SentenceFigures => [[Designated], [HelpSell], [XinjiangTibet, Uniforms], [], [Total]];

    /// <summary>fen → 万元 as the report states it (see the type's summary).</summary>
    public static string Wan(long fen) =>
        Math.Round(fen / 1_000_000m, 2, MidpointRounding.AwayFromZero).ToString("0.##", CultureInfo.InvariantCulture);

    private static ReportFigure Of(string key, long fen) => new(key, fen, Wan(fen));

    private static string Both(ReportFigure figure) =>
        $"{figure.Wan}万元 (¥{(figure.AmountFen / 100m).ToString("N2", CultureInfo.InvariantCulture)})";

    private static string ChineseCount(int n) => n switch
    {
        2 => "两",
        >= 1 and <= 10 => "一二三四五六七八九十"[n - 1].ToString(),
        _ => n.ToString(CultureInfo.InvariantCulture),
    };
}
