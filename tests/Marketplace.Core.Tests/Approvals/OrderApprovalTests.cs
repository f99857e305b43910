using Marketplace.Core.Approvals;
using Marketplace.Core.Ordering;
using Marketplace.Core.Organizations;
using Marketplace.Core.Tests.Ordering;

namespace Marketplace.Core.Tests.Approvals;

/// <summary>The approval rules on their own: thresholds, levels in order, who may decide, and what a change of quantities does.</summary>
public sealed class OrderApprovalTests
{
    private static readonly DateTime Now = new(2026, 11, 30, 2, 0, 0, DateTimeKind.Utc);
    private static readonly Guid Unit = Guid.CreateVersion7();
    private static readonly OrganizationRole[] ApproverRole = [OrganizationRole.UnitApprover];
    private static readonly OrganizationRole[] FinanceRole = [OrganizationRole.UnitFinance];

    /// <summary>Level 1 from ¥5,000 by an approver, level 2 from ¥50,000 by finance.</summary>
    private static ApprovalLevel[] TwoLevels() =>
    [
        Level(1, 500_000, OrganizationRole.UnitApprover),
        Level(2, 5_000_000, OrganizationRole.UnitFinance),
    ];

    private static ApprovalLevel Level(int level, long thresholdFen, OrganizationRole role) => new(Unit, level, thresholdFen, role, Now);

    private static Order AnOrder() => OrderTransitionTests.Submitted();

    [TestCase(499_999, 0)]
    [TestCase(500_000, 1)]
    [TestCase(500_001, 1)]
    [TestCase(4_999_999, 1)]
    [TestCase(5_000_000, 2)]
    [TestCase(9_000_000, 2)]
    public void A_total_needs_the_levels_whose_threshold_it_reaches(long totalFen, int levels)
    {
        var approval = OrderApproval.Start(AnOrder(), Unit, totalFen, TwoLevels(), Now);
        Assert.That(approval?.LevelsRequired ?? 0, Is.EqualTo(levels));
    }

    [Test]
    public void Levels_decide_in_order_each_by_its_role_and_the_last_approves_the_order()
    {
        var approval = OrderApproval.Start(AnOrder(), Unit, 6_000_000, TwoLevels(), Now)!;
        var (approver, finance) = (Guid.CreateVersion7(), Guid.CreateVersion7());

        Assert.That(approval.Check(finance, FinanceRole), Is.EqualTo(ApprovalRefusal.NotTheirLevel));
        Assert.That(approval.Approve(approver, ApproverRole, "王芳", 6_000_000, Now), Is.False);
        Assert.That(approval.CurrentLevel, Is.EqualTo(2));
        Assert.That(approval.Check(approver, ApproverRole), Is.EqualTo(ApprovalRefusal.NotTheirLevel));
        Assert.That(approval.Approve(finance, FinanceRole, "赵静", 6_000_000, Now), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(approval.Status, Is.EqualTo(ApprovalStatus.Approved));
            Assert.That(approval.Decisions.Select(d => (d.Level, d.Kind)), Is.EqualTo(new[] { (1, ApprovalDecisionKind.Approved), (2, ApprovalDecisionKind.Approved) }));
            Assert.That(approval.Check(Guid.CreateVersion7(), FinanceRole), Is.EqualTo(ApprovalRefusal.Decided));
        });
    }

    [Test]
    public void The_submitter_never_decides_at_any_level_even_holding_every_role()
    {
        var order = AnOrder();
        var approval = OrderApproval.Start(order, Unit, 6_000_000, TwoLevels(), Now)!;
        OrganizationRole[] all = [OrganizationRole.UnitApprover, OrganizationRole.UnitFinance, OrganizationRole.UnitAdmin];

        Assert.That(approval.Check(order.BuyerUserId, all), Is.EqualTo(ApprovalRefusal.OwnOrder));
        Assert.That(Assert.Throws<ApprovalRefusedException>(() => approval.Approve(order.BuyerUserId, all, "刘洋", 6_000_000, Now))!.Refusal, Is.EqualTo(ApprovalRefusal.OwnOrder));
        approval.Approve(Guid.CreateVersion7(), ApproverRole, "王芳", 6_000_000, Now);
        Assert.Multiple(() =>
        {
            Assert.That(approval.Check(order.BuyerUserId, all), Is.EqualTo(ApprovalRefusal.OwnOrder));
            Assert.Throws<ApprovalRefusedException>(() => approval.Reject(order.BuyerUserId, all, "刘洋", "不要了", 6_000_000, Now));
            Assert.Throws<ApprovalRefusedException>(() => approval.Changed(order.BuyerUserId, all, "刘洋", 6_000_000, 1_000_000, "", Now));
            Assert.That(approval.CurrentLevel, Is.EqualTo(2));
            Assert.That(approval.Decisions, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public void One_person_approves_at_most_one_level_of_an_order()
    {
        var approval = OrderApproval.Start(AnOrder(), Unit, 6_000_000, [Level(1, 0, OrganizationRole.UnitApprover), Level(2, 0, OrganizationRole.UnitApprover)], Now)!;
        var approver = Guid.CreateVersion7();
        approval.Approve(approver, ApproverRole, "王芳", 6_000_000, Now);
        Assert.That(approval.Check(approver, ApproverRole), Is.EqualTo(ApprovalRefusal.ApprovedAnotherLevel));
        Assert.That(approval.Approve(Guid.CreateVersion7(), ApproverRole, "李娜", 6_000_000, Now), Is.True);
    }

    [Test]
    public void A_change_that_raises_the_total_restarts_at_level_one_with_the_levels_it_now_needs()
    {
        var approval = OrderApproval.Start(AnOrder(), Unit, 600_000, TwoLevels(), Now)!;
        Assert.That(approval.LevelsRequired, Is.EqualTo(1));
        var approver = Guid.CreateVersion7();
        approval.Changed(approver, ApproverRole, "王芳", 600_000, 5_500_000, "梨 10→90", Now);
        Assert.Multiple(() =>
        {
            Assert.That(approval.CurrentLevel, Is.EqualTo(1));
            Assert.That(approval.LevelsRequired, Is.EqualTo(2));
            Assert.That(approval.Status, Is.EqualTo(ApprovalStatus.Pending));
        });
    }

    [Test]
    public void Approvals_given_before_a_raise_no_longer_count()
    {
        var approval = OrderApproval.Start(AnOrder(), Unit, 6_000_000, TwoLevels(), Now)!;
        var (approver, finance) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        approval.Approve(approver, ApproverRole, "王芳", 6_000_000, Now);
        approval.Changed(finance, FinanceRole, "赵静", 6_000_000, 7_000_000, "", Now);
        Assert.Multiple(() =>
        {
            Assert.That(approval.CurrentLevel, Is.EqualTo(1));
            Assert.That(approval.Steps.All(s => s.ApprovedBy is null), Is.True);
            Assert.That(approval.Check(approver, ApproverRole), Is.EqualTo(ApprovalRefusal.None));
        });
    }

    [Test]
    public void A_change_that_lowers_the_total_continues_at_the_same_level_which_still_decides()
    {
        var approval = OrderApproval.Start(AnOrder(), Unit, 6_000_000, TwoLevels(), Now)!;
        var (approver, finance) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        approval.Approve(approver, ApproverRole, "王芳", 6_000_000, Now);
        approval.Changed(finance, FinanceRole, "赵静", 6_000_000, 100_000, "", Now);
        Assert.Multiple(() =>
        {
            Assert.That(approval.CurrentLevel, Is.EqualTo(2));
            Assert.That(approval.LevelsRequired, Is.EqualTo(2));
            Assert.That(approval.Status, Is.EqualTo(ApprovalStatus.Pending));
            Assert.That(approval.Steps.Single(s => s.Level == 1).ApprovedBy, Is.EqualTo(approver));
        });
        Assert.That(approval.Approve(finance, FinanceRole, "赵静", 100_000, Now), Is.True);
    }

    [Test]
    public void A_lower_total_needs_no_more_levels_than_it_reaches()
    {
        var approval = OrderApproval.Start(AnOrder(), Unit, 6_000_000, TwoLevels(), Now)!;
        approval.Changed(Guid.CreateVersion7(), ApproverRole, "王芳", 6_000_000, 600_000, "", Now);
        Assert.That(approval.LevelsRequired, Is.EqualTo(1));
        Assert.That(approval.Approve(Guid.CreateVersion7(), ApproverRole, "李娜", 600_000, Now), Is.True);
    }

    [TestCase(6, 0L, OrganizationRole.UnitApprover, ApprovalRulesProblem.TooManyLevels)]
    [TestCase(1, -1L, OrganizationRole.UnitApprover, ApprovalRulesProblem.ThresholdOutOfRange)]
    [TestCase(1, 0L, OrganizationRole.Employee, ApprovalRulesProblem.NotAnApproverRole)]
    [TestCase(1, 0L, OrganizationRole.UnitPurchaser, ApprovalRulesProblem.NotAnApproverRole)]
    [TestCase(5, 0L, OrganizationRole.UnitFinance, ApprovalRulesProblem.None)]
    [TestCase(0, 0L, OrganizationRole.UnitApprover, ApprovalRulesProblem.None)]
    public void Rules_are_checked_before_they_are_stored(int count, long threshold, OrganizationRole role, ApprovalRulesProblem expected) =>
        Assert.That(UnitApprovalRules.Check([.. Enumerable.Repeat(new ApprovalLevelDraft(threshold, role), count)]), Is.EqualTo(expected));

    [Test]
    public void Thresholds_may_not_fall_from_one_level_to_the_next() =>
        Assert.That(
            UnitApprovalRules.Check([new(500_000, OrganizationRole.UnitApprover), new(100_000, OrganizationRole.UnitFinance)]),
            Is.EqualTo(ApprovalRulesProblem.ThresholdsFall));
}
