using Marketplace.Core.Catalog;
using Marketplace.Core.Organizations;

namespace Marketplace.Core.Tests.Catalog;

/// <summary>The listing's status machine, price review and SKU rules, without a database.</summary>
public sealed class ListingRulesTests
{
    private static readonly DateTime Now = new(2021, 9, 1, 2, 0, 0, DateTimeKind.Utc);
    private static readonly Organization Supplier = Organization.CreateSupplier("砚山县鑫源养殖专业合作社", null, Now);

    private static ListingDetails Details(string name = "文山牛肉干") =>
        new("YS-BEEF-01", name, "砚山黄牛", ProductCategory.Meat, "砚山县草饲黄牛", 1, 180, "全国（港澳台除外）");

    private static SkuDraft Sku(string code = "250G", long priceFen = 6800, int stock = 100, IReadOnlyList<VolumeTier>? tiers = null) =>
        new(code, "250g 袋装", 250, null, null, priceFen, 5800, stock, tiers ?? []);

    private static Listing NewListing(params SkuDraft[] skus) =>
        Listing.Create(Supplier, "532622", Details(), skus.Length == 0 ? [Sku()] : skus, Now);

    private static Listing InStatus(ListingStatus status)
    {
        var listing = NewListing();
        switch (status)
        {
            case ListingStatus.Draft:
                break;
            case ListingStatus.Submitted:
                listing.Submit(true, false, Now);
                break;
            case ListingStatus.Rejected:
                listing.Submit(true, false, Now);
                listing.Reject("图片不清晰", Guid.NewGuid(), Now);
                break;
            case ListingStatus.Approved:
                listing.Submit(false, false, Now);
                listing.Approve(Guid.NewGuid(), Now);
                break;
            case ListingStatus.Published:
                listing.Submit(true, false, Now);
                listing.Approve(Guid.NewGuid(), Now);
                break;
            case ListingStatus.Unlisted:
                listing.Submit(true, false, Now);
                listing.Approve(Guid.NewGuid(), Now);
                listing.Unlist(Now);
                break;
        }

        Assert.That(listing.Status, Is.EqualTo(status));
        return listing;
    }

    private static void Do(Listing listing, ListingAction action)
    {
        switch (action)
        {
            case ListingAction.Submit:
                listing.Submit(true, false, Now);
                break;
            case ListingAction.Approve:
                listing.Approve(Guid.NewGuid(), Now);
                break;
            case ListingAction.Reject:
                listing.Reject("价格过高", Guid.NewGuid(), Now);
                break;
            case ListingAction.Publish:
                listing.Publish(Now);
                break;
            case ListingAction.Unlist:
                listing.Unlist(Now);
                break;
        }
    }

    [Test]
    public void Every_action_in_every_status_does_what_the_table_allows_and_nothing_else(
        [Values] ListingStatus status, [Values] ListingAction action)
    {
        var listing = InStatus(status);
        if (Listing.Allows(status, action))
        {
            Assert.DoesNotThrow(() => Do(listing, action));
        }
        else
        {
            var error = Assert.Throws<CatalogRuleException>(() => Do(listing, action));
            Assert.Multiple(() =>
            {
                Assert.That(error!.Rule, Is.EqualTo(CatalogRule.NotAllowedInStatus));
                Assert.That(listing.Status, Is.EqualTo(status));
            });
        }
    }

    [Test]
    public void Auto_approval_publishes_on_submit_and_records_no_reviewer()
    {
        var listing = NewListing();
        listing.Submit(true, true, Now);
        Assert.Multiple(() =>
        {
            Assert.That(listing.Status, Is.EqualTo(ListingStatus.Published));
            Assert.That(listing.ReviewedByUserId, Is.Null);
            Assert.That(listing.FirstPublishedAt, Is.EqualTo(Now));
        });
    }

    [Test]
    public void A_price_raise_above_the_threshold_sends_a_published_listing_back_to_review()
    {
        var listing = InStatus(ListingStatus.Published);
        Assert.That(listing.SetSkus([Sku(priceFen: 7480)], 10, false, Now), Is.False, "a 10% raise is within the threshold");
        Assert.That(listing.Status, Is.EqualTo(ListingStatus.Published));

        Assert.That(listing.SetSkus([Sku(priceFen: 7481)], 10, false, Now), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(listing.Status, Is.EqualTo(ListingStatus.Submitted));
            Assert.That(listing.PublishOnApproval, Is.True, "approval puts it back on the storefront");
        });

        listing.Approve(Guid.NewGuid(), Now);
        Assert.Multiple(() =>
        {
            Assert.That(listing.Status, Is.EqualTo(ListingStatus.Published));
            Assert.That(listing.Skus[0].ApprovedPriceFen, Is.EqualTo(7481));
        });
    }

    [Test]
    public void Price_cuts_and_stock_changes_stay_live_and_a_trusted_supplier_never_goes_back_to_review()
    {
        var listing = InStatus(ListingStatus.Published);
        Assert.That(listing.SetSkus([Sku(priceFen: 5000, stock: 3)], 10, false, Now), Is.False);
        listing.SetStock("250G", 0, Now);
        Assert.That(listing.SetSkus([Sku(priceFen: 9000)], 10, true, Now), Is.False);
        Assert.Multiple(() =>
        {
            Assert.That(listing.Status, Is.EqualTo(ListingStatus.Published));
            Assert.That(listing.Skus[0].ApprovedPriceFen, Is.EqualTo(9000));
        });
    }

    [Test]
    public void A_new_sku_or_a_renamed_product_on_a_live_listing_needs_review()
    {
        var listing = InStatus(ListingStatus.Published);
        Assert.That(listing.SetSkus([Sku(), Sku("500G", 12800)], 10, false, Now), Is.True);

        var renamed = InStatus(ListingStatus.Unlisted);
        Assert.That(renamed.UpdateDetails(Details("文山牛肉干（麻辣）"), false, Now), Is.True);
        Assert.That(renamed.PublishOnApproval, Is.False, "an unlisted listing stays off the storefront after approval");
    }

    [Test]
    public void Volume_tiers_price_a_quantity_by_the_best_tier_reached()
    {
        var listing = NewListing(Sku(priceFen: 6800, tiers: [new VolumeTier(10, 6500), new VolumeTier(100, 6000)]));
        var sku = listing.Skus[0];
        Assert.Multiple(() =>
        {
            Assert.That(sku.UnitPriceFor(1), Is.EqualTo(6800));
            Assert.That(sku.UnitPriceFor(10), Is.EqualTo(6500));
            Assert.That(sku.UnitPriceFor(99), Is.EqualTo(6500));
            Assert.That(sku.UnitPriceFor(100), Is.EqualTo(6000));
        });
    }

    private static readonly object[] BadTiers =
    [
        new object[] { new[] { new VolumeTier(1, 6000) } },
        new object[] { new[] { new VolumeTier(10, 6800) } },
        new object[] { new[] { new VolumeTier(10, 6000), new VolumeTier(5, 5000) } },
        new object[] { new[] { new VolumeTier(10, 6000), new VolumeTier(20, 6000) } },
        new object[] { new[] { new VolumeTier(10, 0) } },
    ];

    [TestCaseSource(nameof(BadTiers))]
    public void Volume_tiers_must_start_above_one_piece_and_get_cheaper(VolumeTier[] tiers)
    {
        var error = Assert.Throws<CatalogRuleException>(() => NewListing(Sku(tiers: tiers)));
        Assert.That(error!.Rule, Is.EqualTo(CatalogRule.InvalidVolumeTiers));
    }

    [Test]
    public void A_made_to_order_sku_is_promised_by_its_lead_time_and_a_stock_sku_is_not()
    {
        var today = new DateOnly(2026, 12, 30);
        Assert.Multiple(() =>
        {
            Assert.That(NewListing(Sku() with { LeadTimeDays = 30 }).Skus[0].ReadyBy(today), Is.EqualTo(new DateOnly(2027, 1, 29)));
            Assert.That(NewListing(Sku()).Skus[0].ReadyBy(today), Is.Null);
        });
    }

    [Test]
    public void A_sku_must_state_a_size_and_keep_its_numbers_in_range()
    {
        var noSize = new SkuDraft("X", "散装", null, " ", null, 100, null, 1, []);
        Assert.That(Assert.Throws<CatalogRuleException>(() => NewListing(noSize))!.Rule, Is.EqualTo(CatalogRule.SkuWithoutSize));
        Assert.Multiple(() =>
        {
            Assert.That(() => NewListing(Sku(priceFen: -1)), Throws.TypeOf<CatalogRuleException>());
            Assert.That(() => NewListing(Sku(priceFen: 0)), Throws.TypeOf<CatalogRuleException>());
            Assert.That(() => NewListing(Sku(stock: -1)), Throws.TypeOf<CatalogRuleException>());
            Assert.That(() => NewListing(Sku() with { WeightGrams = 0 }), Throws.TypeOf<CatalogRuleException>());
            Assert.That(() => NewListing(Sku() with { LeadTimeDays = -1 }), Throws.TypeOf<CatalogRuleException>());
            Assert.That(() => NewListing(Sku() with { LeadTimeDays = ListingSku.MaxLeadTimeDays + 1 }), Throws.TypeOf<CatalogRuleException>());
            Assert.That(NewListing(Sku() with { LeadTimeDays = ListingSku.MaxLeadTimeDays }).Skus[0].IsMadeToOrder, Is.True);
            Assert.That(NewListing(Sku() with { LeadTimeDays = 0 }).Skus[0].IsMadeToOrder, Is.False);
            Assert.That(() => NewListing(Sku(), Sku()), Throws.TypeOf<CatalogRuleException>().With.Property("Rule").EqualTo(CatalogRule.DuplicateSkuCode));
        });
    }

    [Test]
    public void Skus_keep_their_ids_when_replaced_by_code_and_the_min_price_follows_active_skus()
    {
        var listing = NewListing(Sku("A", 6800), Sku("B", 3000));
        var idOfA = listing.Skus[0].Id;
        listing.SetSkus([Sku("A", 6800), Sku("B", 3000) with { IsActive = false }], 10, false, Now);
        Assert.Multiple(() =>
        {
            Assert.That(listing.Skus[0].Id, Is.EqualTo(idOfA));
            Assert.That(listing.MinPriceFen, Is.EqualTo(6800));
        });
    }

    [Test]
    public void A_listing_with_no_active_sku_cannot_be_submitted()
    {
        var listing = NewListing(Sku() with { IsActive = false });
        Assert.That(Assert.Throws<CatalogRuleException>(() => listing.Submit(true, false, Now))!.Rule, Is.EqualTo(CatalogRule.NoActiveSku));
    }

    [TestCase("梨", "泸西高原梨")]
    [TestCase("牛肉", "文山牛肉干")]
    [TestCase("ＡＢＣ", "abc 礼盒")]
    public void Search_text_is_found_by_a_normalized_substring(string query, string name)
    {
        var text = CatalogSearch.TextOf(name, null, "P1", "", []);
        var needle = CatalogSearch.Normalize(query);
        Assert.That(text, Does.Contain(needle));
    }

    [Test]
    public void Like_wildcards_in_a_query_are_escaped()
    {
        Assert.That(CatalogSearch.ContainsPattern("100%_纯\\"), Is.EqualTo("%100\\%\\_纯\\\\%"));
    }
}
