using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Catalog;
using Marketplace.Core.Organizations;
using Marketplace.Core.Welfare;

namespace Marketplace.Core.Tests.Welfare;

/// <summary>The pure rules: who pays which line, eligibility, and the programme's China-calendar validity.</summary>
public sealed class WelfareAllocationTests
{
    private static readonly DateTime Now = new(2021, 9, 1, 0, 0, 0, DateTimeKind.Utc);

    [Test]
    public void The_programme_that_expires_first_pays_first_and_the_split_is_exact_to_the_fen()
    {
        var line = WelfareWorld.Line(10_001);
        var later = Source(5_000, days: 60);
        var sooner = Source(7_333, days: 10);

        var parts = WelfareAllocation.Allocate([later, sooner], [line]);

        Assert.That(parts.Select(p => (p.WalletId, p.AmountFen)), Is.EqualTo(new[] { (sooner.WalletId, 7_333L), (later.WalletId, 2_668L) }));
    }

    [Test]
    public void Eligibility_is_place_and_category_and_an_ineligible_line_gets_nothing()
    {
        var pears = new WelfareLine(Guid.CreateVersion7(), WelfareWorld.Luxi, AssistedRegion.YunnanDesignated, ProductCategory.Fruit, 3_000);
        var dates = new WelfareLine(Guid.CreateVersion7(), "653221", AssistedRegion.Xinjiang, ProductCategory.DriedFruitAndNuts, 2_000);
        var beef = new WelfareLine(Guid.CreateVersion7(), WelfareWorld.Yanshan, AssistedRegion.YunnanDesignated, ProductCategory.Meat, 4_000);
        var yunnanFruit = Source(10_000, 30, new WelfareEligibility([], [AssistedRegion.YunnanDesignated], [ProductCategory.Fruit]));
        var xinjiang = Source(10_000, 30, new WelfareEligibility(["653221"], [], []));

        var parts = WelfareAllocation.Allocate([yunnanFruit, xinjiang], [pears, dates, beef]);

        Assert.That(parts.Select(p => (p.LineId, p.WalletId, p.AmountFen)), Is.EquivalentTo(new[]
        {
            (pears.LineId, yunnanFruit.WalletId, 3_000L),
            (dates.LineId, xinjiang.WalletId, 2_000L),
        }));
    }

    [Test]
    public void A_broad_programme_leaves_to_a_narrow_later_one_the_line_only_that_one_can_pay()
    {
        var beef = WelfareWorld.Line(5_000, category: ProductCategory.Meat);
        var pears = WelfareWorld.Line(5_000, WelfareWorld.Luxi, ProductCategory.Fruit);
        var broad = Source(5_000, 10);
        var beefOnly = Source(5_000, 20, new WelfareEligibility([], [], [ProductCategory.Meat]));

        var parts = WelfareAllocation.Allocate([broad, beefOnly], [beef, pears]);

        Assert.That(parts.Sum(p => p.AmountFen), Is.EqualTo(10_000));
        Assert.That(parts.Single(p => p.WalletId == broad.WalletId).LineId, Is.EqualTo(pears.LineId));
    }

    [Test]
    public void A_limit_caps_what_the_allowance_pays()
    {
        var parts = WelfareAllocation.Allocate([Source(9_000, 10)], [WelfareWorld.Line(5_000), WelfareWorld.Line(5_000)], limitFen: 6_001);

        Assert.That(parts.Select(p => p.AmountFen), Is.EqualTo(new[] { 5_000L, 1_001L }));
    }

    [Test]
    public void Lines_that_the_payment_side_should_never_send_are_refused()
    {
        var line = WelfareWorld.Line(100);
        Assert.Multiple(() =>
        {
            Assert.Throws<WelfareRuleException>(() => WelfareAllocation.Check([]));
            Assert.Throws<WelfareRuleException>(() => WelfareAllocation.Check([line, line]));
            Assert.Throws<WelfareRuleException>(() => WelfareAllocation.Check([WelfareWorld.Line(0)]));
            Assert.Throws<WelfareRuleException>(() => WelfareAllocation.Check([WelfareWorld.Line(1, "5326")]));
        });
    }

    [Test]
    public void Validity_runs_from_the_first_to_the_end_of_the_last_day_in_china()
    {
        var unit = Unit();
        var programme = WelfareProgramme.Create(unit, " 2021年中秋职工福利 ", 20_000, new DateOnly(2021, 9, 1), new DateOnly(2021, 9, 30), WelfareEligibility.Any, Guid.CreateVersion7(), Now);

        Assert.Multiple(() =>
        {
            Assert.That(programme.Name, Is.EqualTo("2021年中秋职工福利"));
            Assert.That(programme.StartsAt, Is.EqualTo(new DateTime(2021, 8, 31, 16, 0, 0, DateTimeKind.Utc)));
            Assert.That(programme.ExpiresAt, Is.EqualTo(new DateTime(2021, 9, 30, 16, 0, 0, DateTimeKind.Utc)));
            Assert.That(programme.IsSpendableAt(new DateTime(2021, 9, 30, 15, 59, 59, DateTimeKind.Utc)), Is.True);
            Assert.That(programme.IsSpendableAt(new DateTime(2021, 9, 30, 16, 0, 0, DateTimeKind.Utc)), Is.False, "midnight in China ends the last day");
        });
    }

    [Test]
    public void A_programme_with_bad_data_is_refused()
    {
        var unit = Unit();
        var from = new DateOnly(2021, 9, 1);
        var by = Guid.CreateVersion7();
        Assert.Multiple(() =>
        {
            Assert.Throws<WelfareRuleException>(() => WelfareProgramme.Create(unit, " ", 100, from, from, WelfareEligibility.Any, by, Now));
            Assert.Throws<WelfareRuleException>(() => WelfareProgramme.Create(unit, "福利", 0, from, from, WelfareEligibility.Any, by, Now));
            Assert.Throws<WelfareRuleException>(() => WelfareProgramme.Create(unit, "福利", WelfareProgramme.MaxAmountPerEmployeeFen + 1, from, from, WelfareEligibility.Any, by, Now));
            Assert.Throws<WelfareRuleException>(() => WelfareProgramme.Create(unit, "福利", 100, from, from.AddDays(-1), WelfareEligibility.Any, by, Now));
            Assert.Throws<WelfareRuleException>(() => WelfareProgramme.Create(unit, "福利", 100, new DateOnly(2021, 8, 1), new DateOnly(2021, 8, 31), WelfareEligibility.Any, by, Now));
            Assert.Throws<WelfareRuleException>(() => WelfareProgramme.Create(unit, "福利", 100, from, from, new WelfareEligibility(["12"], [], []), by, Now));
        });
    }

    [Test]
    public void An_expired_programme_cannot_be_granted()
    {
        var programme = WelfareProgramme.Create(Unit(), "福利", 100, new DateOnly(2021, 9, 1), new DateOnly(2021, 9, 1), WelfareEligibility.Any, Guid.CreateVersion7(), Now);

        Assert.Throws<WelfareRuleException>(() => programme.GrantTo(Guid.CreateVersion7(), programme.ExpiresAt));
    }

    private static Organization Unit() => Organization.CreateMemberUnit("长安汽车", null, Organization.CreateGroup("集团", "G", Now), Now);

    private static WelfareSource Source(long balanceFen, int days, WelfareEligibility? eligibility = null) =>
        new(Guid.CreateVersion7(), Guid.CreateVersion7(), "福利", Now.AddDays(days), balanceFen, eligibility ?? WelfareEligibility.Any);
}
