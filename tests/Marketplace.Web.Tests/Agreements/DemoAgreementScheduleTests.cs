using Marketplace.Core.Assistance;
using Marketplace.Web.Demo;

namespace Marketplace.Web.Tests.Agreements;

/// <summary>The demo winter-uniform agreement's deliveries fall in a winter whenever the demo data are seeded.</summary>
public sealed class DemoAgreementScheduleTests
{
    [TestCase("2021-10-20", "2021-11-04")]
    [TestCase("2026-11-30", "2026-12-15")]
    [TestCase("2027-01-10", "2027-01-25")]
    [TestCase("2027-02-20", "2027-10-15")]
    [TestCase("2027-06-01", "2027-10-15")]
    [TestCase("2027-09-20", "2027-10-05")]
    public void The_first_delivery_starts_a_schedule_that_stays_in_winter(string today, string first)
    {
        var delivery = DemoAgreements.FirstDelivery(DateOnly.Parse(today));
        Assert.Multiple(() =>
        {
            Assert.That(delivery, Is.EqualTo(DateOnly.Parse(first)));
            Assert.That(new[] { 0, 30, 60 }.Select(d => WearSeasons.Of(delivery.AddDays(d).Month)), Is.All.EqualTo(WearSeason.Winter));
        });
    }
}
