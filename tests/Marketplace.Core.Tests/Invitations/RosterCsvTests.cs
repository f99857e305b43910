using System.Text;
using Marketplace.Core.Invitations;
using Marketplace.Core.Suppliers;

namespace Marketplace.Core.Tests.Invitations;

public sealed class RosterCsvTests
{
    [Test]
    public void Reads_a_chinese_header_with_a_bom_quoted_fields_and_keeps_file_line_numbers()
    {
        var csv = "\uFEFF姓名,工号,邮箱或手机,部门\n赵敏,1,a@example.com,财务\n\n\"钱\n进\",2,13800138000,\"办,公室\"\n孙,3,b@example.com,工会\n";

        var rows = RosterCsv.Read(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.TrimStart('\uFEFF'))).ToArray());

        Assert.That(rows.Select(r => r.Line), Is.EqualTo(new[] { 2, 4, 6 }));
        Assert.That(rows[1], Is.EqualTo(new RosterRow(4, "钱\n进", "2", "13800138000", "办,公室")));
    }

    [Test]
    public void Reads_the_english_header_in_any_case()
    {
        var rows = RosterCsv.Read(Encoding.UTF8.GetBytes("Name,Employee Number,Email or Phone,Department\nA,1,a@example.com,X\n"));

        Assert.That(rows, Has.Count.EqualTo(1));
    }

    [TestCase("")]
    [TestCase("   \n")]
    [TestCase("姓名,工号,邮箱或手机,部门\n")]
    [TestCase("name,email\nA,a@example.com\n")]
    [TestCase("姓名,工号,邮箱或手机,部门\nA,1,a@example.com\n")]
    [TestCase("姓名,工号,邮箱或手机,部门\n\"A,1,a@example.com,X\n")]
    public void Refuses_what_is_not_a_roster(string content) =>
        Assert.Throws<RosterFormatException>(() => RosterCsv.Read(Encoding.UTF8.GetBytes(content)));

    [Test]
    public void Refuses_text_that_is_not_utf8() =>
        Assert.Throws<RosterFormatException>(() => RosterCsv.Read([0xD0, 0xD5, 0xC3, 0xFB, 0x2C, 0xFF, 0xFE]));
}

public sealed class UnifiedSocialCreditCodeTests
{
    [TestCase("91350100M000100Y43", true)]
    [TestCase("91350100M000100Y44", false)]
    [TestCase("91350100M000100Y4", false)]
    [TestCase("91350100M000100I43", false)]
    [TestCase(null, false)]
    public void Checks_length_alphabet_and_check_character(string? code, bool valid) =>
        Assert.That(UnifiedSocialCreditCodes.IsValid(code), Is.EqualTo(valid));
}
