using System.Text;
using Marketplace.Browser.Tests.Infrastructure;
using Marketplace.Core.Accounts;
using Marketplace.Core.Catalog;
using Marketplace.Core.Data;
using Marketplace.Core.Ordering;
using Marketplace.Core.Organizations;
using Marketplace.Web.Demo;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Marketplace.Browser.Tests;

public sealed class StatementJourneyTests : BrowserTest
{
    private const string Password = "statement pears 2022";

    [Test]
    public async Task Unit_finance_opens_the_statements_from_the_portal_picks_a_month_and_downloads_the_csv_on_a_phone()
    {
        var (email, number) = await UnitWithAnUnpaidOrderAsync();

        var page = await OpenAsync(Phone, "/account/login");
        await page.GetByLabel("电子邮箱").FillAsync(email);
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "对账单" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("单位月度对账单");

        await page.GetByLabel("月份").FillAsync("2022-03");
        await page.GetByRole(AriaRole.Button, new() { Name = "查看", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("2022-03");
        await Expect(page.Locator("#statement-closing")).ToHaveTextAsync("¥246.90");
        await Expect(page.Locator($"tr[data-order=\"{number}\"]")).ToContainTextAsync("2022-03-31 23:30");
        var fits = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");
        Assert.That(fits, Is.True, "The statement scrolls sideways on a phone.");
        await Screenshots.SaveAsync(page, "unit-statement");

        await page.GetByRole(AriaRole.Link, new() { Name = "2022-04 →" }).ClickAsync();
        await Expect(page.Locator("#statement-opening")).ToHaveTextAsync("¥246.90");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "下载 CSV" }).ClickAsync());
        Assert.That(download.SuggestedFilename, Is.EqualTo("statement-2022-04.csv"));
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Multiple(() =>
        {
            Assert.That(bytes.Take(3), Is.EqualTo(Encoding.UTF8.GetPreamble()));
            Assert.That(Encoding.UTF8.GetString(bytes), Does.Contain($"{number},2022-03-31 23:30,单位采购,待付款,PO-2022-03,246.90,246.90,0.00,0.00,0.00,0.00,246.90"));
        });
    }

    /// <summary>A unit of its own (so no other journey's orders count), its finance, and one order placed at 23:30 on 31 March 2022 in China, unpaid.</summary>
    private static async Task<(string Email, string Number)> UnitWithAnUnpaidOrderAsync()
    {
        await using var scope = BrowserSession.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<MarketplaceUser>>();
        var now = DateTime.UtcNow;
        var group = await db.Organizations.SingleAsync(o => o.Kind == OrganizationKind.Group);
        var supplier = await db.Organizations.SingleAsync(o => o.Name == DemoAccounts.YanshanCooperative);
        var unit = Organization.CreateMemberUnit($"对账-{Guid.NewGuid():N}"[..20], null, group, now);
        db.Organizations.Add(unit);
        var email = $"finance-{Guid.NewGuid():N}@example.com";
        var user = new MarketplaceUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "财务 林静", CreatedAt = now };
        Assert.That((await users.CreateAsync(user, Password)).Succeeded, Is.True);
        db.Memberships.Add(Membership.Create(user.Id, unit, [OrganizationRole.Employee, OrganizationRole.UnitFinance], now));

        var placedAt = new DateTime(2022, 3, 31, 15, 30, 0, DateTimeKind.Utc);
        var order = Order.Submit(
            new OrderRequest(user.Id, unit.Id, OrderChannel.UnitCollective, FundingSource.UnitProcurement,
                new DeliveryAddress("林静", "13800000000", "重庆市江北区", "建新东路 1 号", "400020"), null, "PO-2022-03", null, null, Guid.NewGuid().ToString("N"),
                [new RequestedLine(Guid.CreateVersion7(), 2)]),
            "hash", placedAt, OrderNumbers.Shared);
        order.Place([new PricedLine(order.Lines[0].Id, supplier.Id, Guid.CreateVersion7(), "532622", ProductCategory.Meat, "文山牛肉干", "250g", 12_345)], false, placedAt.AddDays(3650), placedAt);
        db.Orders.Add(order);
        await db.SaveChangesAsync();
        return (email, order.Number);
    }
}
