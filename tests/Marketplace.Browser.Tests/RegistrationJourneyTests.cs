using System.Text.RegularExpressions;
using Marketplace.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Marketplace.Browser.Tests;

public sealed partial class RegistrationJourneyTests : BrowserTest
{
    [Test]
    public async Task A_visitor_registers_in_Chinese_confirms_from_the_mail_and_signs_in()
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        const string password = "plateau pears 2021";
        var page = await OpenAsync(Phone, "/account/login");

        await page.GetByRole(AriaRole.Link, new() { Name = "注册账号" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "注册" })).ToBeVisibleAsync();
        await page.GetByLabel("姓名或昵称").FillAsync("林小梅");
        await page.GetByLabel("电子邮箱").FillAsync(email);
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync(password);
        await page.GetByLabel("确认密码").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "注册" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "请查收确认邮件" })).ToBeVisibleAsync();

        await page.GotoAsync(ConfirmationLink(email));
        await Expect(page.GetByText("电子邮箱已确认")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "登录" }).ClickAsync();
        await page.GetByLabel("电子邮箱").FillAsync(email);
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();

        await Expect(page.GetByText("林小梅")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "退出" })).ToBeVisibleAsync();
    }

    /// <summary>The link in the .eml file the embedded default wrote instead of sending.</summary>
    private static string ConfirmationLink(string email)
    {
        var mail = Directory.GetFiles(Path.Combine(BrowserSession.DataDirectory, "mail"), "*.eml")
            .Select(File.ReadAllText)
            .Single(m => m.Contains($"To: {email}", StringComparison.OrdinalIgnoreCase));
        return ConfirmLink().Match(mail).Value;
    }

    [GeneratedRegex(@"https?://\S+/account/confirm-email\?\S+")]
    private static partial Regex ConfirmLink();
}
