using Marketplace.Core.Suppliers;
using Marketplace.Core.WelfareCampaigns;
using Marketplace.Web.Accounts.Email;
using Marketplace.Web.Localization;

namespace Marketplace.Web.WelfareCampaigns;

/// <summary>The reminder to choose, Chinese first with English below; the admins' reminder and the automatic one are the same message.</summary>
public static class WelfareCampaignMail
{
    public const string ChoosePath = "/welfare/campaigns/";

    /// <summary>The employee's choose page, <c>/welfare/campaigns/{id}</c> (the page of that route must stay there).</summary>
    public static string ChooseLink(string baseUrl, Guid campaignId) => baseUrl.TrimEnd('/') + ChoosePath + campaignId;

    public static OutgoingMail Reminder(WelfareCampaign campaign, string name, string email, string link)
    {
        var deadline = ChinaCalendar.TimeOf(campaign.Deadline);
        var (leftoverZh, leftoverEn) = campaign.LeftoverRule == LeftoverRule.StaysInWallet
            ? ("未用完的额度在截止后转入您的福利额度，在福利项目有效期内可在商城选购。", "Unspent allowance moves to your welfare allowance after the deadline, to spend on the storefront while the programme lasts.")
            : ("未用完的额度在截止时作废。", "Unspent allowance lapses at the deadline.");
        return new OutgoingMail(
            email,
            $"请选择您的{campaign.Name} / Please choose your welfare items",
            $"""
            {name}，您好：

            单位的「{campaign.Name}」正在自选中，每人额度 {Money.Format(campaign.AllowanceFen)}。您还没有选择，请在 {deadline}（北京时间）前打开下面的链接选择：
            {link}

            {leftoverZh}不会替您挑选商品。

            ----

            Your unit's welfare campaign "{campaign.Name}" is open: {Money.Format(campaign.AllowanceFen)} per person. You have not
            chosen yet; choose at the link above before {deadline} (Beijing time). {leftoverEn}
            Nothing is chosen for you.
            """);
    }
}
