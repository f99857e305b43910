using Marketplace.Core.Catalog;
using Marketplace.Core.Data;
using Marketplace.Core.Organizations;
using Microsoft.EntityFrameworkCore;
using static Marketplace.Core.Catalog.ProductCategory;
using static Marketplace.Web.Demo.DemoAccounts;
using static Marketplace.Web.Demo.DemoOutcome;

namespace Marketplace.Web.Demo;

/// <summary>Where a demo listing ends up: on the storefront, waiting in the review queue, or rejected.</summary>
public enum DemoOutcome
{
    Published,
    Submitted,
    Rejected,

    /// <summary>Published at the table's prices, then its first SKU raised by <see cref="DemoListings.RaisePercent"/>: back in review.</summary>
    PriceRaised,
}

/// <summary>One SKU of a demo listing; prices in fen.</summary>
public sealed record DemoSku(string Code, string Spec, int? Grams, string? Box, string? Size, long PriceFen, long? ReferenceFen, int Stock, params VolumeTier[] Tiers)
{
    /// <summary>交货期: above 0, sewn for each order and sold beyond stock.</summary>
    public int LeadTimeDays { get; init; }
}

/// <summary>One demo listing: its supplier (by name), what buyers read, its SKUs, and where it ends up.</summary>
public sealed record DemoListing(
    string Supplier, string Code, string Name, string? Brand, ProductCategory Category, int MinimumOrder, int? ShelfLifeDays, string Shipping,
    string Description, DemoOutcome Outcome, string Colour, IReadOnlyList<DemoSku> Skus);

/// <summary>
/// Listings of every demo supplier: 文山牛 and 砚山辣椒 from 砚山县, 高原梨 from 泸西县, Xinjiang red dates, apples and
/// walnuts, Tibetan highland barley, yak jerky and incense, and work uniforms in garment sizes. Most are published;
/// three wait in the review queue (one back for a price raise) and one is rejected. Each goes through the listing's own
/// status machine. Adds only the listings that are missing (by supplier and product code), so a second start changes nothing.
/// </summary>
public static class DemoListings
{
    public const int RaisePercent = 20;

    /// <summary>Days to sew the winter coats of an order (the demo's one made-to-order listing).</summary>
    public const int WinterCoatLeadTimeDays = 15;

    public const string RejectionReason = "主图为网络图片，请上传实物拍摄图；标注“特级”需附检测报告。";

    private const string Nationwide = "全国（港澳台除外）";
    private const string NationwideButFar = "全国（港澳台、新疆、西藏除外）";
    private const string ColdChain = "云南、贵州、四川、重庆、广西（冷链配送）";

    public static readonly IReadOnlyList<DemoListing> All =
    [
        // 砚山县 532622: Wenshan cattle, chillies and sanqi.
        new(YanshanCooperative, "YS-BEEF-CHILLED", "文山牛肉 冷鲜分割", "文山牛", Meat, 1, 7, ColdChain,
            "砚山县合作社社员散养文山黄牛，定点屠宰、排酸 48 小时后分割，冷链直发。", Published, "#9c2f2f",
        [
            new("BRISKET-1KG", "牛腩 1kg", 1000, null, null, 9800, 8800, 300, new VolumeTier(20, 9200), new VolumeTier(100, 8600)),
            new("SHANK-1KG", "牛腱子 1kg", 1000, null, null, 11800, 10800, 260, new VolumeTier(20, 11200), new VolumeTier(100, 10500)),
            new("GIFT-3KG", "精品礼盒 3kg（腩、腱、里脊）", 3000, "45×32×18cm 泡沫箱+冰袋", null, 32800, 29800, 120, new VolumeTier(50, 30800)),
        ]),
        new(YanshanCooperative, "YS-JERKY", "文山牛肉干", "文山牛", SpecialtyFoods, 1, 180, Nationwide,
            "文山黄牛后腿肉手工切条，炭火烘烤，不添加防腐剂。", Published, "#b5542b",
        [
            new("SPICY-200G", "麻辣 200g", 200, null, null, 4990, 4500, 800, new VolumeTier(50, 4500), new VolumeTier(200, 4200)),
            new("FIVESPICE-200G", "五香 200g", 200, null, null, 4990, 4500, 800, new VolumeTier(50, 4500), new VolumeTier(200, 4200)),
            new("SPICY-500G", "麻辣 500g 家庭装", 500, null, null, 10800, 9900, 300, new VolumeTier(50, 9900)),
        ]),
        new(YanshanCooperative, "YS-CHILI", "砚山干辣椒", "砚山辣椒", Vegetables, 1, 365, Nationwide,
            "“中国辣椒之乡”砚山的小米辣与线椒，自然晾晒，香辣适中，食堂批量采购有阶梯价。", Published, "#c0392b",
        [
            new("500G", "家用装 500g", 500, null, null, 2600, 2400, 1000),
            new("2500G", "餐饮装 2.5kg", 2500, null, null, 11500, 11000, 400, new VolumeTier(10, 10800), new VolumeTier(40, 9900)),
            new("10KG", "食堂箱装 10kg", 10000, "60×40×40cm 编织袋", null, 42000, 40000, 150, new VolumeTier(10, 39000)),
        ]),
        new(YanshanCooperative, "YS-SANQI", "文山三七粉", "文山三七", SpecialtyFoods, 1, 730, Nationwide,
            "三年生文山三七主根超细研磨，独立小袋包装。", Submitted, "#6b4f2a",
        [
            new("150G", "三七粉 150g（3g×50袋）", 150, null, null, 16800, 15800, 200),
            new("40HEAD-250G", "三七 40头 250g", 250, null, null, 29800, 28000, 80),
        ]),
        new(YanshanCooperative, "YS-BEEF-SAUCE", "文山牛肉酱 香辣", "文山牛", SpecialtyFoods, 1, 270, Nationwide,
            "特级文山牛肉粒与砚山辣椒熬制。", Rejected, "#8e3b1f",
        [
            new("210G-2", "210g×2 瓶", 420, null, null, 5980, 5600, 300),
        ]),

        // 泸西县 532527: plateau pears.
        new(LuxiPearFirm, "LX-PEAR", "泸西高原梨", "高原梨", Fruit, 1, 30, NationwideButFar,
            "海拔 1,700 米高原梨园，皮薄汁多、脆甜化渣，产地分级后冷库直发。", Published, "#9bb53a",
        [
            new("GIFT-5KG", "5kg 礼盒装（12–16 个）", 5000, "40×30×20cm 礼盒", null, 6900, 6500, 600, new VolumeTier(20, 6500), new VolumeTier(100, 6100)),
            new("BOX-10KG", "10kg 箱装（24–30 个）", 10000, "50×35×25cm 纸箱", null, 11800, 11000, 400, new VolumeTier(20, 11200), new VolumeTier(100, 10600)),
        ]),
        new(LuxiPearFirm, "LX-PEAR-PASTE", "高原梨 秋梨膏", "高原梨", SpecialtyFoods, 1, 540, Nationwide,
            "高原梨鲜榨熬制，加川贝、冰糖，润喉。", PriceRaised, "#a0782c",
        [
            new("250G", "250g 瓶装", 250, null, null, 3900, 3800, 500, new VolumeTier(30, 3600)),
            new("250G-4", "250g×4 礼盒", 1000, "28×20×10cm 礼盒", null, 14800, 14000, 200),
        ]),

        // 和田县 653221 and 阿克苏市 652901, Xinjiang.
        new(HotanJujubeCooperative, "HT-JUJUBE", "和田骏枣", "昆仑枣", DriedFruitAndNuts, 1, 365, Nationwide,
            "和田沙漠边缘枣园自然挂树风干，个大肉厚，可直接食用或煲汤。", Published, "#a6192e",
        [
            new("SPECIAL-1KG", "特级 1kg", 1000, null, null, 5990, 5500, 900, new VolumeTier(30, 5500)),
            new("FIRST-2500G", "一级 2.5kg 箱装", 2500, "35×25×15cm 纸箱", null, 11800, 11000, 500, new VolumeTier(20, 11000), new VolumeTier(100, 10200)),
            new("WELFARE-5KG", "单位福利箱 5kg", 5000, "45×30×20cm 纸箱", null, 21800, 20500, 300, new VolumeTier(50, 19800)),
        ]),
        new(AksuOrchardFirm, "AK-APPLE", "阿克苏冰糖心苹果", "红旗坡", Fruit, 1, 60, Nationwide,
            "昼夜温差大，果核糖分结晶成“冰糖心”，果径 80–85mm，产地冷库直发。", Published, "#c8102e",
        [
            new("5KG-80", "5kg 果径 80–85mm", 5000, "40×30×25cm 纸箱", null, 5990, 5500, 800, new VolumeTier(20, 5600), new VolumeTier(100, 5200)),
            new("10KG-80", "10kg 果径 80–85mm", 10000, "50×35×30cm 纸箱", null, 10800, 10000, 500, new VolumeTier(20, 10200), new VolumeTier(100, 9600)),
        ]),
        new(AksuOrchardFirm, "AK-WALNUT", "阿克苏薄皮核桃", "红旗坡", DriedFruitAndNuts, 1, 365, Nationwide,
            "温 185 薄皮核桃，手捏即开，出仁率高。", Submitted, "#8b6b3d",
        [
            new("1KG", "1kg 袋装", 1000, null, null, 4500, 4200, 700),
            new("5KG", "5kg 箱装", 5000, "40×30×25cm 纸箱", null, 19800, 18800, 200, new VolumeTier(20, 18800)),
        ]),

        // 疏附县 653121, Xinjiang: work uniforms in garment sizes (GB/T 1335 号型).
        new(ShufuUniformFirm, "SF-SUMMER-SHIRT", "夏季工装短袖衬衫", "天山工装", Uniforms, 10, null, "全国（港澳台除外），批量订单可分批交付",
            "涤棉混纺府绸，透气耐洗，可按单位要求绣标；每件独立包装，50 件/箱。", Published, "#2e5c8a", UniformSizes("SHIRT", 8900, 9900, 600)),
        // The coats are sewn for each order (现做), as the winter agreement's confirmed capacity says: no stock to run out of.
        new(ShufuUniformFirm, "SF-WINTER-COAT", "冬季棉服 工装", "天山工装", Uniforms, 10, null, "全国（港澳台除外），批量订单可分批交付",
            "防风面料，新疆棉填充，可拆卸帽，反光条可选；按单缝制，20 件/箱。", Published, "#1f3a5f", UniformSizes("COAT", 26800, 29800, 0, WinterCoatLeadTimeDays)),

        // 巴宜区 540402 (林芝) and 桑珠孜区 540202 (日喀则), Tibet.
        new(NyingchiBarleyCooperative, "NC-BARLEY", "林芝青稞米", "雪域青稞", GrainAndOil, 1, 365, Nationwide,
            "高原青稞脱壳留胚，可与大米同煮，富含 β-葡聚糖。", Published, "#b08d57",
        [
            new("2500G", "青稞米 2.5kg", 2500, null, null, 3990, 3600, 600, new VolumeTier(20, 3700), new VolumeTier(100, 3400)),
            new("TSAMPA-1KG", "糌粑粉 1kg", 1000, null, null, 3200, 3000, 400, new VolumeTier(20, 3000)),
        ]),
        new(ShigatseYakFirm, "SG-YAK-JERKY", "日喀则牦牛肉干", "珠峰牦牛", SpecialtyFoods, 1, 270, Nationwide,
            "海拔 4,000 米以上放牧的牦牛，风干后手撕，原味与香辣两种。", Published, "#5b3a29",
        [
            new("PLAIN-250G", "原味 250g", 250, null, null, 8800, 8500, 500, new VolumeTier(30, 8200)),
            new("SPICY-250G", "香辣 250g", 250, null, null, 8800, 8500, 500, new VolumeTier(30, 8200)),
            new("GIFT-500G-2", "礼盒 500g×2", 1000, "36×26×9cm 礼盒", null, 29800, 28800, 150, new VolumeTier(20, 28000)),
        ]),
        new(ShigatseYakFirm, "SG-INCENSE", "藏香 手工", "珠峰", Crafts, 1, null, Nationwide,
            "日喀则手工作坊以柏木粉和藏药材手工搓制，天然无化学香精。", Published, "#7a4e8c",
        [
            new("BOX-30", "30 支盒装", null, "盒装 30 支，22×5×3cm", null, 5800, 5500, 400, new VolumeTier(20, 5200)),
            new("GIFT-3BOX", "三盒礼装", null, "礼盒 3×30 支", null, 15800, 15000, 150),
        ]),
    ];

    /// <summary>S to XXXL by GB/T 1335 号型, the bigger sizes a little dearer; tiers for a unit's bulk order.</summary>
    private static DemoSku[] UniformSizes(string code, long priceFen, long referenceFen, int stock, int leadTimeDays = 0) =>
    [
        .. new[] { ("S", "160/80A"), ("M", "165/84A"), ("L", "170/88A"), ("XL", "175/92A"), ("XXL", "180/96A"), ("XXXL", "185/100A") }
            .Select((size, index) =>
            {
                var price = priceFen + (index >= 4 ? 1000 : 0);
                return new DemoSku($"{code}-{size.Item1}", $"{size.Item1}（{size.Item2}）", null, code == "COAT" ? "20 件/箱" : "50 件/箱", size.Item2,
                    price, referenceFen + (index >= 4 ? 1000 : 0), stock, new VolumeTier(50, price * 92 / 100), new VolumeTier(200, price * 85 / 100))
                { LeadTimeDays = leadTimeDays };
            }),
    ];

    /// <summary>Returns how many listings it added.</summary>
    public static async Task<int> SeedAsync(MarketplaceDbContext db, TimeProvider clock, int priceRaiseReviewPercent, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var reviewer = await db.Users.Where(u => u.Email == "operator@csgc.demo").Select(u => (Guid?)u.Id).FirstOrDefaultAsync(cancellationToken);
        var added = 0;
        for (var index = 0; index < All.Count; index++)
        {
            var demo = All[index];
            var supplier = await db.Organizations.FirstOrDefaultAsync(o => o.Kind == OrganizationKind.Supplier && o.Name == demo.Supplier, cancellationToken);
            var countyCode = supplier is null ? null
                : await db.SupplierApplications.Where(a => a.OrganizationId == supplier.Id).Select(a => a.CountyCode).SingleOrDefaultAsync(cancellationToken);
            if (supplier is null || countyCode is null
                || await db.Listings.AnyAsync(l => l.SupplierId == supplier.Id && l.ProductCode == demo.Code, cancellationToken))
            {
                continue;
            }

            // Spread over the last days so that the storefront's "newest" and the review queue have an order.
            var at = now.AddHours(-3 * (All.Count - index));
            var listing = Listing.Create(
                supplier, countyCode, new ListingDetails(demo.Code, demo.Name, demo.Brand, demo.Category, demo.Description, demo.MinimumOrder, demo.ShelfLifeDays, demo.Shipping),
                [.. demo.Skus.Select(Draft)], at);
            listing.Submit(publishOnApproval: true, autoApprove: false, at);
            switch (demo.Outcome)
            {
                case Published:
                    listing.Approve(reviewer, at);
                    break;
                case Rejected when reviewer is { } operatorId:
                    listing.Reject(RejectionReason, operatorId, at);
                    break;
                case PriceRaised:
                    listing.Approve(reviewer, at);
                    var raised = demo.Skus.Select((sku, i) => i == 0 ? sku with { PriceFen = sku.PriceFen * (100 + RaisePercent) / 100 } : sku);
                    listing.SetSkus([.. raised.Select(Draft)], priceRaiseReviewPercent, autoApprove: false, at.AddHours(1));
                    break;
            }

            db.Listings.Add(listing);
            if (DemoImages.Draw(demo) is { } image)
            {
                var stored = new ListingImage(listing.Id, 0, image.ContentType, image.Width, image.Height, image.Display, image.Thumbnail, image.Hash, at);
                db.ListingImages.Add(stored);
                listing.SetCoverImage(stored.Id, at);
            }

            await db.SaveChangesAsync(cancellationToken);
            added++;
        }

        return added;
    }

    private static SkuDraft Draft(DemoSku sku) =>
        new(sku.Code, sku.Spec, sku.Grams, sku.Box, sku.Size, sku.PriceFen, sku.ReferenceFen, sku.Stock, sku.Tiers, LeadTimeDays: sku.LeadTimeDays);
}
