using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Marketplace.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Marketplace.Browser.Tests;

/// <summary>The unit admin of 长安汽车 on /unit/members: one invitation through the form, then a roster upload.</summary>
public sealed partial class UnitMembersJourneyTests : BrowserTest
{
    private const string Admin = "admin@changan.demo";
    private const string AdminName = "单位管理员 孙强";

    [Test]
    public async Task The_unit_admin_invites_an_employee_who_activates_signs_in_and_is_listed_as_a_member()
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        const string invitedName = "郑晓东";
        const string displayName = "总装 郑晓东";
        const string password = "chongqing assembly 2021";
        var admin = await OpenAsync(Desktop, "/account/login");

        await SignInAsDemoAdminAsync(admin);
        await OpenMembersAsync(admin);
        await admin.GetByLabel("姓名", new() { Exact = true }).FillAsync(invitedName);
        await admin.GetByLabel("工号", new() { Exact = true }).FillAsync("CA-2021-0815");
        await admin.GetByLabel("电子邮箱", new() { Exact = true }).FillAsync(email);
        await admin.GetByLabel("部门", new() { Exact = true }).FillAsync("总装车间");
        await admin.GetByRole(AriaRole.Button, new() { Name = "发送邀请", Exact = true }).ClickAsync();

        await Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync($"已向 {email} 发送邀请。");
        var invited = PendingInvitations(admin).GetByRole(AriaRole.Row).Filter(new() { HasTextString = email });
        await Expect(invited).ToHaveCountAsync(1);
        await Expect(invited).ToContainTextAsync(invitedName);
        await Expect(invited).ToContainTextAsync("CA-2021-0815");
        await Expect(invited).ToContainTextAsync("总装车间");
        await Screenshots.SaveAsync(admin, "invited");

        var link = ActivationLink(email);
        var external = new List<string>();
        var employeeContext = await NewIsolatedContextAsync(Phone, external);
        try
        {
            var employee = await employeeContext.NewPageAsync();
            await employee.GotoAsync(link);
            await Expect(employee.GetByRole(AriaRole.Heading, new() { Name = "激活账号" })).ToBeVisibleAsync();
            await Expect(employee.GetByText(email)).ToBeVisibleAsync();
            await Expect(employee.GetByLabel("姓名或昵称")).ToHaveValueAsync(invitedName);
            await employee.GetByLabel("姓名或昵称").FillAsync(displayName);
            await employee.GetByLabel("密码", new() { Exact = true }).FillAsync(password);
            await employee.GetByLabel("确认密码").FillAsync(password);
            await Screenshots.SaveAsync(employee, "activate");
            await employee.GetByRole(AriaRole.Button, new() { Name = "激活", Exact = true }).ClickAsync();

            await Expect(employee.GetByRole(AriaRole.Status)).ToHaveTextAsync("账号已激活，您已是单位职工。现在可以登录了。");
            await Screenshots.SaveAsync(employee, "activated");

            await employee.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "登录" }).ClickAsync();
            await employee.GetByLabel("电子邮箱").FillAsync(email);
            await employee.GetByLabel("密码", new() { Exact = true }).FillAsync(password);
            await employee.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();

            var navigation = employee.GetByRole(AriaRole.Navigation);
            await Expect(navigation.GetByRole(AriaRole.Link, new() { Name = displayName })).ToBeVisibleAsync();
            await Expect(navigation.GetByRole(AriaRole.Button, new() { Name = "退出" })).ToBeVisibleAsync();
            await Expect(navigation.GetByRole(AriaRole.Link, new() { Name = "单位成员" })).ToHaveCountAsync(0);
            await Screenshots.SaveAsync(employee, "employee-signed-in");
        }
        finally
        {
            await employeeContext.DisposeAsync();
        }

        Assert.That(external, Is.Empty, "The invited employee's pages asked the internet for resources.");

        await admin.ReloadAsync();
        var member = Members(admin).GetByRole(AriaRole.Row).Filter(new() { HasTextString = email });
        await Expect(member).ToHaveCountAsync(1);
        await Expect(member).ToContainTextAsync(displayName);
        await Expect(member).ToContainTextAsync("职工");
        await Expect(PendingInvitations(admin).GetByRole(AriaRole.Row).Filter(new() { HasTextString = email })).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(admin, "member-listed");
    }

    [Test]
    public async Task The_unit_admin_uploads_a_roster_with_bad_lines_then_the_corrected_roster()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var emails = Enumerable.Range(1, 3).Select(i => $"roster-{run}-{i}@example.com").ToArray();
        var phone = "139" + Random.Shared.Next(0, 100_000_000).ToString("D8", CultureInfo.InvariantCulture);
        var folder = Directory.CreateTempSubdirectory("marketplace-roster-");
        try
        {
            var bad = Path.Combine(folder.FullName, "bad-roster.csv");
            await File.WriteAllTextAsync(bad, string.Join("\n",
                "姓名,工号,邮箱或手机,部门",
                $"周一,R{run}-1,{emails[0]},总装车间",
                $",R{run}-2,{emails[1]},总装车间",
                $"吴三,R{run}-3,{emails[2]},焊装车间",
                $"郑四,R{run}-4,不是邮箱,焊装车间",
                ""));
            var corrected = Path.Combine(folder.FullName, "roster.csv");
            await File.WriteAllTextAsync(corrected, string.Join("\n",
                "姓名,工号,邮箱或手机,部门",
                $"周一,R{run}-1,{emails[0]},总装车间",
                $"王二,R{run}-2,{emails[1]},总装车间",
                $"吴三,R{run}-3,{emails[2]},焊装车间",
                $"郑四,R{run}-4,{phone},焊装车间",
                ""));

            var page = await OpenAsync(Desktop, "/account/login");
            await SignInAsDemoAdminAsync(page);
            await OpenMembersAsync(page);
            var pendingRows = PendingInvitations(page).GetByRole(AriaRole.Row);
            var before = await pendingRows.CountAsync();

            await page.GetByLabel("花名册文件").SetInputFilesAsync(bad);
            await page.GetByRole(AriaRole.Button, new() { Name = "导入", Exact = true }).ClickAsync();

            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("花名册有错误，未导入任何人员。");
            var lineErrors = page.GetByRole(AriaRole.List, new() { Name = "导入花名册" }).GetByRole(AriaRole.Listitem);
            await Expect(lineErrors).ToHaveCountAsync(2);
            await Expect(lineErrors.Nth(0)).ToContainTextAsync("第 3 行");
            await Expect(lineErrors.Nth(0)).ToContainTextAsync("缺少姓名。");
            await Expect(lineErrors.Nth(1)).ToContainTextAsync("第 5 行");
            await Expect(lineErrors.Nth(1)).ToContainTextAsync("“不是邮箱”既不是有效的邮箱，也不是有效的手机号。");
            await Expect(pendingRows).ToHaveCountAsync(before);
            await Expect(page.GetByRole(AriaRole.Main).GetByText(emails[0])).ToHaveCountAsync(0);
            await Expect(page.GetByRole(AriaRole.Main).GetByText(emails[2])).ToHaveCountAsync(0);
            await Screenshots.SaveAsync(page, "bad-lines");

            await page.GetByLabel("花名册文件").SetInputFilesAsync(corrected);
            await page.GetByRole(AriaRole.Button, new() { Name = "导入", Exact = true }).ClickAsync();

            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("已创建 4 份邀请：3 份已发送邮件，1 份只有手机号，未发送邮件。");
            await Expect(page.GetByRole(AriaRole.List, new() { Name = "导入花名册" })).ToHaveCountAsync(0);
            await Expect(pendingRows).ToHaveCountAsync(before == 0 ? 5 : before + 4);
            foreach (var (name, contact) in new[] { ("周一", emails[0]), ("王二", emails[1]), ("吴三", emails[2]), ("郑四", phone) })
            {
                var row = pendingRows.Filter(new() { HasTextString = contact });
                await Expect(row).ToHaveCountAsync(1);
                await Expect(row).ToContainTextAsync(name);
            }

            await Screenshots.SaveAsync(page, "imported");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task SignInAsDemoAdminAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = $"填入 {Admin}" }).ClickAsync();
        await Expect(page.GetByLabel("电子邮箱")).ToHaveValueAsync(Admin);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = AdminName })).ToBeVisibleAsync();
    }

    private static async Task OpenMembersAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "单位成员" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(BrowserSession.BaseAddress, "/unit/members").ToString());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "单位成员 · 长安汽车" })).ToBeVisibleAsync();
        await Expect(Members(page).GetByRole(AriaRole.Row).Filter(new() { HasTextString = Admin })).ToContainTextAsync(AdminName);
    }

    private static ILocator Members(IPage page) => page.GetByRole(AriaRole.Table, new() { Name = "成员", Exact = true });

    /// <summary>The table is absent while there are no open invitations; its rows then count zero.</summary>
    private static ILocator PendingInvitations(IPage page) => page.GetByRole(AriaRole.Table, new() { Name = "待接受的邀请", Exact = true });

    /// <summary>A second visitor on the same server, with the same rule: nothing may be fetched from the internet.</summary>
    private static async Task<IBrowserContext> NewIsolatedContextAsync(ViewportSize viewport, List<string> external)
    {
        var phone = viewport.Width < 600;
        var context = await BrowserSession.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BrowserSession.BaseAddress.ToString(),
            ViewportSize = viewport,
            IsMobile = phone,
            HasTouch = phone,
            DeviceScaleFactor = phone ? 2 : 1,
            Locale = "en-US",
        });
        await context.RouteAsync("**/*", async route =>
        {
            var url = new Uri(route.Request.Url);
            if (url.Scheme is "http" or "https" && !url.IsLoopback)
            {
                external.Add(route.Request.Url);
                await route.AbortAsync();
                return;
            }

            await route.ContinueAsync();
        });
        return context;
    }

    /// <summary>The activation link in the invitation .eml file the embedded default wrote instead of sending.</summary>
    private static string ActivationLink(string email)
    {
        var mail = Directory.GetFiles(Path.Combine(BrowserSession.DataDirectory, "mail"), "*.eml")
            .Select(path => File.ReadAllText(path, Encoding.UTF8))
            .Single(m => m.Contains($"To: {email}", StringComparison.OrdinalIgnoreCase));
        var link = ActivateLink().Match(mail);
        Assert.That(link.Success, Is.True, "The invitation mail has no activation link.");
        return link.Value;
    }

    [GeneratedRegex(@"https?://\S+/account/activate\?token=\S+")]
    private static partial Regex ActivateLink();
}
