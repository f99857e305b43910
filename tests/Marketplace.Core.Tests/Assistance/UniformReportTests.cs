using Marketplace.Core.Agreements;
using Marketplace.Core.Assistance;
using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Catalog;

namespace Marketplace.Core.Tests.Assistance;

/// <summary>
/// The report's uniform sentence: bought uniforms named by wear season from the ledger's months, and the uniform
/// agreements signed with Xinjiang and Tibet in the year stated as commitments that add to no purchase figure.
/// </summary>
public sealed class UniformReportTests
{
    private const string Shufu = "653121";

    private static readonly LedgerSlice[] Ledger =
    [
        new(AssistanceMeasure.DirectPurchase, AssistedRegion.Xinjiang, AssistanceType.PairedSupport, ProductCategory.DriedFruitAndNuts, Shufu, 3, 87_360_000, 100),
        new(AssistanceMeasure.DirectPurchase, AssistedRegion.Xinjiang, AssistanceType.PairedSupport, ProductCategory.Uniforms, Shufu, 5, 5_000_000, 50),
        new(AssistanceMeasure.DirectPurchase, AssistedRegion.Xinjiang, AssistanceType.PairedSupport, ProductCategory.Uniforms, Shufu, 7, 3_560_000, 30),
    ];

    private static SignedAgreement Agreement(AssistedRegion region, bool uniforms, WearSeason? season, long capFen) =>
        new(Guid.CreateVersion7(), "协议", Guid.CreateVersion7(), capFen, new DateOnly(2021, 10, 20), region, uniforms, season);

    [TestCase(1, WearSeason.Winter)]
    [TestCase(3, WearSeason.Winter)]
    [TestCase(4, WearSeason.Summer)]
    [TestCase(9, WearSeason.Summer)]
    [TestCase(10, WearSeason.Winter)]
    [TestCase(12, WearSeason.Winter)]
    public void Summer_wear_is_April_to_September_winter_wear_October_to_March(int month, WearSeason season) =>
        Assert.That(WearSeasons.Of(month), Is.EqualTo(season));

    [Test]
    public void A_season_is_common_only_when_every_month_is_of_it()
    {
        Assert.Multiple(() =>
        {
            Assert.That(WearSeasons.Common([11, 12, 1]), Is.EqualTo(WearSeason.Winter));
            Assert.That(WearSeasons.Common([9, 10]), Is.Null);
            Assert.That(WearSeasons.Common([]), Is.Null);
        });
    }

    [Test]
    public void The_seed_reports_sentence_from_summer_purchases_and_a_winter_agreement_with_Xinjiang()
    {
        var agreements = new[]
        {
            Agreement(AssistedRegion.Xinjiang, uniforms: true, WearSeason.Winter, 15_360_000),
            Agreement(AssistedRegion.Xinjiang, uniforms: false, WearSeason.Winter, 99_000_000),
            Agreement(AssistedRegion.YunnanDesignated, uniforms: true, WearSeason.Winter, 1_000_000),
        };
        var report = AnnualReport.From(2021, "集团公司", true, Ledger, Beneficiaries.None, agreements);
        Assert.Multiple(() =>
        {
            Assert.That(report.Chinese()[2], Is.EqualTo(
                "组织购买新疆西藏特色农副产品共计87.36万元;组织开展工装援疆援藏工作,集团公司所属成员单位已采购完成价值8.56万元夏季工装,同时与新疆签订价值15.36万元的冬季工装采购协议。"));
            Assert.That(report.English()[2], Is.EqualTo(
                "Specialty products from Xinjiang and Tibet worth 87.36万元 (¥873,600.00) were bought; the member units bought summer uniforms worth 8.56万元 (¥85,600.00) "
                + "from Xinjiang and Tibet, and signed a winter uniform purchase agreement worth 15.36万元 (¥153,600.00) with Xinjiang."));
            Assert.That(report.Uniforms.AmountFen, Is.EqualTo(8_560_000L), "an agreement is a commitment, not a purchase");
            Assert.That(report.Total.AmountFen, Is.EqualTo(87_360_000L + 8_560_000L));
            Assert.That(report.Figures.Select(f => f.Key), Does.Not.Contain(nameof(AnnualReport.UniformAgreements)));
        });
    }

    [Test]
    public void Uniforms_of_both_seasons_and_agreements_of_several_regions_are_each_named()
    {
        LedgerSlice[] ledger = [.. Ledger, Ledger[1] with { Month = 11, AmountFen = 1_000_000 }, Ledger[1] with { Month = 12, AmountFen = -1_000_000 }, Ledger[1] with { Month = 1, AmountFen = 440_000 }];
        var agreements = new[]
        {
            Agreement(AssistedRegion.Tibet, uniforms: true, null, 2_000_000),
            Agreement(AssistedRegion.Xinjiang, uniforms: true, WearSeason.Winter, 15_360_000),
            Agreement(AssistedRegion.Xinjiang, uniforms: true, WearSeason.Winter, 640_000),
        };
        var report = AnnualReport.From(2021, "长安汽车", false, ledger, Beneficiaries.None, agreements);
        Assert.That(report.Chinese()[2], Is.EqualTo(
            "组织购买新疆西藏特色农副产品共计87.36万元;组织开展工装援疆援藏工作,长安汽车已采购完成价值8.56万元夏季工装、0.44万元冬季工装,"
            + "同时与新疆签订价值16万元的冬季工装采购协议、与西藏签订价值2万元的工装采购协议。"));
    }

    [Test]
    public void A_season_netting_below_zero_after_a_refund_names_no_season()
    {
        LedgerSlice[] ledger = [.. Ledger, Ledger[1] with { Month = 10, AmountFen = -1_000_000 }];
        var report = AnnualReport.From(2021, "集团公司", true, ledger, Beneficiaries.None, []);
        Assert.That(report.Chinese()[2], Is.EqualTo("组织购买新疆西藏特色农副产品共计87.36万元;组织开展工装援疆援藏工作,集团公司所属成员单位已采购完成价值7.56万元工装。"));
    }

    [Test]
    public void Without_uniforms_or_agreements_the_sentence_states_none_bought()
    {
        var report = AnnualReport.From(2021, "集团公司", true, [Ledger[0]], Beneficiaries.None, []);
        Assert.That(report.Chinese()[2], Is.EqualTo("组织购买新疆西藏特色农副产品共计87.36万元;组织开展工装援疆援藏工作,集团公司所属成员单位已采购完成价值0万元工装。"));
    }
}
