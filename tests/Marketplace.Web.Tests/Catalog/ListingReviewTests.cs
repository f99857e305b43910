using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Core.Audit;
using Marketplace.Core.Catalog;
using Marketplace.Core.Data;
using Marketplace.Core.Organizations;
using Marketplace.Core.Suppliers;
using Marketplace.Web.Tests.Infrastructure;
using Marketplace.Web.Tests.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Web.Tests.Catalog;

/// <summary>The operators' listing review through HTTP on the embedded default, without the demo data (its listings would join the queue).</summary>
public sealed class ListingReviewTests : WebAppFixture
{
    private HttpClient _operator = null!;

    protected override MarketplaceWebFactory CreateFactory() => new(new Dictionary<string, string?> { ["DemoData:Enabled"] = "false" });

    [OneTimeSetUp]
    public async Task SignInOperator() => _operator = await UnitPeople.SignInAsync(Factory, await UnitPeople.CreateOperatorAsync(Factory));

    [OneTimeTearDown]
    public void DisposeOperator() => _operator.Dispose();

    [Test]
    public async Task The_queue_lists_only_submitted_listings_the_longest_waiting_first()
    {
        var supplier = await CreateCertifiedSupplierAsync();
        var now = DateTime.UtcNow;
        var draft = await CreateListingAsync(supplier, ListingStatus.Draft, now);
        var recent = await CreateListingAsync(supplier, ListingStatus.Submitted, now.AddHours(-1));
        var published = await CreateListingAsync(supplier, ListingStatus.Published, now.AddHours(-5));
        var oldest = await CreateListingAsync(supplier, ListingStatus.Submitted, now.AddHours(-3));

        using var queue = JsonDocument.Parse(await _operator.GetStringAsync("/api/listings/review-queue"));
        var items = queue.RootElement.GetProperty("items").EnumerateArray().ToList();
        var ours = items.Select(i => i.GetProperty("listingId").GetGuid()).Where(id => id == draft || id == recent || id == published || id == oldest);

        Assert.That(ours, Is.EqualTo(new[] { oldest, recent }));
        Assert.That(items.Select(i => i.GetProperty("submittedAt").GetDateTime()), Is.Ordered);
        var first = items.Single(i => i.GetProperty("listingId").GetGuid() == oldest);
        Assert.Multiple(() =>
        {
            Assert.That(first.GetProperty("countyName").GetString(), Is.EqualTo("砚山县"));
            Assert.That(first.GetProperty("minPriceFen").GetInt64(), Is.EqualTo(9800));
            Assert.That(first.GetProperty("category").GetString(), Is.EqualTo("Meat"));
            Assert.That(first.GetProperty("isReReview").GetBoolean(), Is.False);
            Assert.That(queue.RootElement.GetProperty("total").GetInt32(), Is.EqualTo(items.Count));
        });
    }

    [Test]
    public async Task A_price_raise_back_in_review_shows_the_approved_and_the_new_price()
    {
        var supplier = await CreateCertifiedSupplierAsync();
        var listing = await CreateListingAsync(supplier, ListingStatus.Published, DateTime.UtcNow.AddHours(-2));
        await InDbAsync(async db =>
        {
            var tracked = await db.Listings.Include(l => l.Skus).SingleAsync(l => l.Id == listing);
            Assert.That(tracked.SetSkus([Sku("BRISKET-1KG", 12800), Sku("SHANK-1KG", 11800)], 10, autoApprove: false, DateTime.UtcNow), Is.True);
            await db.SaveChangesAsync();
        });

        using var queue = JsonDocument.Parse(await _operator.GetStringAsync("/api/listings/review-queue?limit=200"));
        var item = queue.RootElement.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("listingId").GetGuid() == listing);
        var change = item.GetProperty("priceChanges").EnumerateArray().Single();
        Assert.Multiple(() =>
        {
            Assert.That(item.GetProperty("isReReview").GetBoolean(), Is.True);
            Assert.That(change.GetProperty("skuCode").GetString(), Is.EqualTo("BRISKET-1KG"));
            Assert.That(change.GetProperty("approvedPriceFen").GetInt64(), Is.EqualTo(9800));
            Assert.That(change.GetProperty("priceFen").GetInt64(), Is.EqualTo(12800));
        });

        var page = await _operator.GetStringAsync("/operator/listings");
        Assert.That(page, Does.Contain(listing.ToString()).And.Contain("¥98.00").And.Contain("¥128.00").And.Contain("30%)").And.Contain("溢价 45%").And.Contain("__RequestVerificationToken"));
    }

    [Test]
    public async Task Approving_publishes_the_listing_and_audits_the_decision()
    {
        var supplier = await CreateCertifiedSupplierAsync();
        var listing = await CreateListingAsync(supplier, ListingStatus.Submitted, DateTime.UtcNow);

        using var response = await ReviewAsync(listing, new { decision = "Approve" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(body.RootElement.GetProperty("status").GetString(), Is.EqualTo("Published"));
        var (stored, audits) = await InDbAsync(async db => (
            await db.Listings.Include(l => l.Skus).AsNoTracking().SingleAsync(l => l.Id == listing),
            await db.AuditEntries.Where(e => e.SubjectType == AuditSubjects.Listing && e.SubjectId == listing.ToString()).ToListAsync()));
        Assert.Multiple(() =>
        {
            Assert.That(stored.Status, Is.EqualTo(ListingStatus.Published));
            Assert.That(stored.ReviewedByUserId, Is.Not.Null);
            Assert.That(stored.Skus.Select(s => s.ApprovedPriceFen), Is.EqualTo(stored.Skus.Select(s => (long?)s.PriceFen)));
            Assert.That(audits.Select(a => a.Action), Is.EqualTo(new[] { AuditActions.ListingApproved }));
            Assert.That(audits[0].ActorUserId, Is.EqualTo(stored.ReviewedByUserId));
        });

        using var again = await ReviewAsync(listing, new { decision = "Approve" });
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await DetailAsync(again), Does.Contain("已上架"));
    }

    [TestCase(null)]
    [TestCase("   ")]
    public async Task Rejecting_without_a_reason_is_a_bilingual_validation_problem_and_changes_nothing(string? reason)
    {
        var supplier = await CreateCertifiedSupplierAsync();
        var listing = await CreateListingAsync(supplier, ListingStatus.Submitted, DateTime.UtcNow);

        using var response = await ReviewAsync(listing, new { decision = "Reject", reason });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(problem.RootElement.GetProperty("title").GetString(), Does.Contain("提交的内容有误").And.Contain("Validation failed"));
        Assert.That(problem.RootElement.GetProperty("errors").GetProperty("reason")[0].GetString(), Does.Contain("原因"));
        var (status, audits) = await InDbAsync(async db => (
            (await db.Listings.AsNoTracking().SingleAsync(l => l.Id == listing)).Status,
            await db.AuditEntries.CountAsync(e => e.SubjectId == listing.ToString())));
        Assert.That(status, Is.EqualTo(ListingStatus.Submitted));
        Assert.That(audits, Is.Zero);
    }

    [Test]
    public async Task A_reason_longer_than_500_characters_is_refused()
    {
        var supplier = await CreateCertifiedSupplierAsync();
        var listing = await CreateListingAsync(supplier, ListingStatus.Submitted, DateTime.UtcNow);

        using var response = await ReviewAsync(listing, new { decision = "Reject", reason = new string('图', Listing.ReasonMaxLength + 1) });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await InDbAsync(db => db.Listings.Where(l => l.Id == listing).Select(l => l.Status).SingleAsync()), Is.EqualTo(ListingStatus.Submitted));
    }

    [Test]
    public async Task Rejecting_with_a_reason_leaves_it_rejected_with_that_reason_for_the_supplier()
    {
        var supplier = await CreateCertifiedSupplierAsync();
        var listing = await CreateListingAsync(supplier, ListingStatus.Submitted, DateTime.UtcNow);

        using var response = await ReviewAsync(listing, new { decision = "Reject", reason = "  主图与商品不符，请上传实物图。 " });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var stored = await InDbAsync(db => db.Listings.AsNoTracking().SingleAsync(l => l.Id == listing));
        Assert.Multiple(async () =>
        {
            Assert.That(stored.Status, Is.EqualTo(ListingStatus.Rejected));
            Assert.That(stored.RejectionReason, Is.EqualTo("主图与商品不符，请上传实物图。"));
            Assert.That(stored.SupplierId, Is.EqualTo(supplier));
            Assert.That(await InDbAsync(db => db.AuditEntries.CountAsync(e => e.SubjectId == listing.ToString() && e.Action == AuditActions.ListingRejected)), Is.EqualTo(1));
        });
        // Rejected is the supplier's to fix: it may submit again.
        Assert.That(Listing.Allows(stored.Status, ListingAction.Submit), Is.True);
    }

    [Test]
    public async Task Approving_a_listing_of_a_suspended_supplier_is_a_conflict_and_changes_nothing()
    {
        var supplier = await CreateCertifiedSupplierAsync();
        var listing = await CreateListingAsync(supplier, ListingStatus.Submitted, DateTime.UtcNow);
        await InDbAsync(async db =>
        {
            var application = await db.SupplierApplications.SingleAsync(a => a.OrganizationId == supplier);
            application.Suspend("抽检不合格", Guid.CreateVersion7(), DateTime.UtcNow);
            await db.SaveChangesAsync();
        });

        using var response = await ReviewAsync(listing, new { decision = "Approve" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await DetailAsync(response), Does.Contain("未处于有效认证状态"));
        using (var english = await _operator.PostAsJsonAsync($"/api/listings/{listing}/review?culture=en", new { decision = "Approve" }))
        {
            Assert.That(english.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(await DetailAsync(english), Does.Contain("not certified"));
        }

        var (status, audits) = await InDbAsync(async db => (
            (await db.Listings.AsNoTracking().SingleAsync(l => l.Id == listing)).Status,
            await db.AuditEntries.CountAsync(e => e.SubjectId == listing.ToString())));
        Assert.That(status, Is.EqualTo(ListingStatus.Submitted));
        Assert.That(audits, Is.Zero);

        using var detail = JsonDocument.Parse(await _operator.GetStringAsync($"/api/listings/{listing}"));
        Assert.That(detail.RootElement.GetProperty("supplier").GetProperty("certificationStatus").GetString(), Is.EqualTo("Suspended"));
        Assert.That(detail.RootElement.GetProperty("supplier").GetProperty("certified").GetBoolean(), Is.False);
    }

    [Test]
    public async Task A_decision_that_raced_another_is_a_conflict_and_the_first_decision_stands()
    {
        var supplier = await CreateCertifiedSupplierAsync();
        var listing = await CreateListingAsync(supplier, ListingStatus.Submitted, DateTime.UtcNow);
        // Another operator rejects the listing after this handler has read it and before it saves.
        var racing = new RacingClock(() => InDbAsync(async db =>
        {
            var other = await db.Listings.Include(l => l.Skus).SingleAsync(l => l.Id == listing);
            other.Reject("先到的驳回", Guid.CreateVersion7(), DateTime.UtcNow);
            await db.SaveChangesAsync();
        }).GetAwaiter().GetResult());
        await using var scope = Factory.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<MarketplaceDbContext>();
        var handler = new Marketplace.Web.Catalog.ListingReview.ReviewListing(
            db, new AuditLog(db, racing), new SupplierCertification(db),
            services.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Marketplace.Web.Localization.SharedResource>>(), racing);

        var outcome = await handler.HandleAsync(
            listing, new(Marketplace.Web.Catalog.ListingReview.ListingDecision.Approve, null), new Microsoft.AspNetCore.Http.DefaultHttpContext());

        Assert.That(outcome.Failure, Is.EqualTo(Marketplace.Web.Catalog.ListingReview.ListingReviewFailure.Conflict));
        var (stored, audits) = await InDbAsync(async other => (
            await other.Listings.AsNoTracking().SingleAsync(l => l.Id == listing),
            await other.AuditEntries.CountAsync(e => e.SubjectId == listing.ToString())));
        Assert.That(stored.Status, Is.EqualTo(ListingStatus.Rejected));
        Assert.That(stored.RejectionReason, Is.EqualTo("先到的驳回"));
        Assert.That(audits, Is.Zero);
    }

    [Test]
    public async Task The_full_listing_has_its_skus_tiers_and_images_and_operators_get_the_image_bytes()
    {
        var supplier = await CreateCertifiedSupplierAsync();
        var listing = await CreateListingAsync(supplier, ListingStatus.Submitted, DateTime.UtcNow);
        byte[] display = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3], thumbnail = [0xFF, 0xD8, 0xFF, 0xE0, 4];
        var image = await InDbAsync(async db =>
        {
            var stored = new ListingImage(listing, 0, "image/jpeg", 800, 800, display, thumbnail, "0123456789abcdef", DateTime.UtcNow);
            db.ListingImages.Add(stored);
            await db.SaveChangesAsync();
            return stored.Id;
        });

        using var detail = JsonDocument.Parse(await _operator.GetStringAsync($"/api/listings/{listing}"));
        var sku = detail.RootElement.GetProperty("skus")[0];
        Assert.That(sku.GetProperty("volumeTiers")[0].GetProperty("minQuantity").GetInt32(), Is.EqualTo(20));
        Assert.That(detail.RootElement.GetProperty("images")[0].GetProperty("id").GetGuid(), Is.EqualTo(image));
        Assert.That(detail.RootElement.GetProperty("supplier").GetProperty("certified").GetBoolean(), Is.True);

        using var bytes = await _operator.GetAsync($"/api/listings/{listing}/images/{image}/thumbnail");
        Assert.That(bytes.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await bytes.Content.ReadAsByteArrayAsync(), Is.EqualTo(thumbnail));
        Assert.That(bytes.Headers.CacheControl?.Private, Is.True);
        Assert.That(bytes.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/jpeg"));
        using var unknownVariant = await _operator.GetAsync($"/api/listings/{listing}/images/{image}/original");
        using var otherListing = await _operator.GetAsync($"/api/listings/{Guid.CreateVersion7()}/images/{image}/display");
        Assert.That(unknownVariant.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(otherListing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Supplier_staff_employees_and_anonymous_callers_cannot_review()
    {
        var supplier = await CreateCertifiedSupplierAsync();
        var listing = await CreateListingAsync(supplier, ListingStatus.Submitted, DateTime.UtcNow);
        var unit = await UnitPeople.CreateUnitAsync(Factory, "长安汽车");
        using var supplierAdmin = await UnitPeople.SignInAsync(Factory, await UnitPeople.CreateMemberAsync(Factory, supplier, OrganizationRole.SupplierAdmin));
        using var employee = await UnitPeople.SignInAsync(Factory, await UnitPeople.CreateMemberAsync(Factory, unit, OrganizationRole.Employee));
        using var anonymous = Factory.CreateClient();

        foreach (var (client, expected) in new[] { (supplierAdmin, HttpStatusCode.Forbidden), (employee, HttpStatusCode.Forbidden), (anonymous, HttpStatusCode.Unauthorized) })
        {
            using var queue = await client.GetAsync("/api/listings/review-queue");
            using var detail = await client.GetAsync($"/api/listings/{listing}");
            using var review = await client.PostAsJsonAsync($"/api/listings/{listing}/review", new { decision = "Approve" });
            using var trust = await client.PutAsJsonAsync($"/api/suppliers/{supplier}/auto-approve-listings", new { autoApprove = true });
            Assert.That(new[] { queue.StatusCode, detail.StatusCode, review.StatusCode, trust.StatusCode }, Is.All.EqualTo(expected));
        }

        var (status, autoApprove) = await InDbAsync(async db => (
            (await db.Listings.AsNoTracking().SingleAsync(l => l.Id == listing)).Status,
            (await db.SupplierApplications.AsNoTracking().SingleAsync(a => a.OrganizationId == supplier)).AutoApproveListings));
        Assert.That(status, Is.EqualTo(ListingStatus.Submitted));
        Assert.That(autoApprove, Is.False);
    }

    [Test]
    public async Task A_trusted_suppliers_submission_is_published_without_review_and_the_toggle_is_audited()
    {
        var supplier = await CreateCertifiedSupplierAsync();
        using (var on = await _operator.PutAsJsonAsync($"/api/suppliers/{supplier}/auto-approve-listings", new { autoApprove = true }))
        {
            Assert.That(on.StatusCode, Is.EqualTo(HttpStatusCode.OK), await on.Content.ReadAsStringAsync());
            using var body = JsonDocument.Parse(await on.Content.ReadAsStringAsync());
            Assert.That(body.RootElement.GetProperty("autoApproveListings").GetBoolean(), Is.True);
        }

        var draft = await CreateListingAsync(supplier, ListingStatus.Draft, DateTime.UtcNow);
        await InDbAsync(async db =>
        {
            var trusted = (await db.SupplierApplications.SingleAsync(a => a.OrganizationId == supplier)).AutoApproveListings;
            var listing = await db.Listings.Include(l => l.Skus).SingleAsync(l => l.Id == draft);
            listing.Submit(publishOnApproval: true, autoApprove: trusted, DateTime.UtcNow);
            await db.SaveChangesAsync();
        });

        var stored = await InDbAsync(db => db.Listings.AsNoTracking().SingleAsync(l => l.Id == draft));
        Assert.That(stored.Status, Is.EqualTo(ListingStatus.Published));
        Assert.That(stored.ReviewedByUserId, Is.Null);
        using var queue = JsonDocument.Parse(await _operator.GetStringAsync("/api/listings/review-queue?limit=200"));
        Assert.That(queue.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("listingId").GetGuid()), Has.No.Member(draft));

        using (var missing = await _operator.PutAsJsonAsync($"/api/suppliers/{supplier}/auto-approve-listings", new { }))
        {
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        }

        using (var off = await _operator.PutAsJsonAsync($"/api/suppliers/{supplier}/auto-approve-listings", new { autoApprove = false }))
        {
            Assert.That(off.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using (var unknown = await _operator.PutAsJsonAsync($"/api/suppliers/{Guid.CreateVersion7()}/auto-approve-listings", new { autoApprove = true }))
        {
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }

        var audits = await InDbAsync(db => db.AuditEntries.Where(e => e.SubjectId == supplier.ToString() && e.Action == AuditActions.SupplierAutoApproveListingsSet)
            .OrderBy(e => e.At).Select(e => e.Details).ToListAsync());
        Assert.That(audits, Has.Count.EqualTo(2));
        Assert.That(audits[0], Does.Contain("\"after\":true"));
        Assert.That(audits[1], Does.Contain("\"after\":false"));
    }

    [Test]
    public async Task The_review_page_approves_and_the_supplier_page_toggles_auto_approval()
    {
        var supplier = await CreateCertifiedSupplierAsync();
        var listing = await CreateListingAsync(supplier, ListingStatus.Submitted, DateTime.UtcNow);

        using (var approved = await Forms.PostAsync(_operator, "/operator/listings", "/operator/listings?handler=Review", new Dictionary<string, string>
        {
            ["listingId"] = listing.ToString(),
            ["decision"] = "Approve",
        }))
        {
            Assert.That(approved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        }

        using (var rejectAgain = await Forms.PostAsync(_operator, "/operator/listings", "/operator/listings?handler=Review", new Dictionary<string, string>
        {
            ["listingId"] = listing.ToString(),
            ["decision"] = "Reject",
            ["reason"] = "太晚了",
        }))
        {
            Assert.That(rejectAgain.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await rejectAgain.Content.ReadAsStringAsync(), Does.Contain("已上架"));
        }

        using (var trusted = await Forms.PostAsync(_operator, "/operator/suppliers", "/operator/suppliers?handler=AutoApprove", new Dictionary<string, string>
        {
            ["supplierId"] = supplier.ToString(),
            ["autoApproveListings"] = "true",
        }))
        {
            Assert.That(trusted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        }

        Assert.That(await InDbAsync(db => db.Listings.Where(l => l.Id == listing).Select(l => l.Status).SingleAsync()), Is.EqualTo(ListingStatus.Published));
        Assert.That(await InDbAsync(db => db.SupplierApplications.Where(a => a.OrganizationId == supplier).Select(a => a.AutoApproveListings).SingleAsync()), Is.True);
        Assert.That(await _operator.GetStringAsync("/operator/suppliers"), Does.Contain("关闭免审"));
    }

    /// <summary>The system clock, which runs <paramref name="race"/> the first time it is read.</summary>
    private sealed class RacingClock(Action race) : TimeProvider
    {
        private bool _raced;

        public override DateTimeOffset GetUtcNow()
        {
            if (!_raced)
            {
                _raced = true;
                race();
            }

            return System.GetUtcNow();
        }
    }

    private async Task<HttpResponseMessage> ReviewAsync(Guid listing, object body) => await _operator.PostAsJsonAsync($"/api/listings/{listing}/review", body);

    private static async Task<string> DetailAsync(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("detail").GetString()!;
    }

    private static SkuDraft Sku(string code, long priceFen) =>
        new(code, code == "BRISKET-1KG" ? "牛腩 1kg" : "牛腱子 1kg", 1000, null, null, priceFen, 8800, 100,
            code == "BRISKET-1KG" ? [new VolumeTier(20, 9200)] : []);

    /// <summary>A supplier in 砚山县, certified this year and the next.</summary>
    private async Task<Guid> CreateCertifiedSupplierAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var tree = scope.ServiceProvider.GetRequiredService<OrganizationTree>();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
        var supplier = await tree.AddSupplierAsync($"砚山县牛业-{Guid.NewGuid():N}"[..24], null);
        var applicant = await UnitPeople.CreateMemberAsync(Factory, supplier.Id, OrganizationRole.SupplierStaff);
        var user = await db.Users.SingleAsync(u => u.Email == applicant);
        const string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        var first17 = "9353262" + string.Concat(Enumerable.Range(0, 10).Select(_ => alphabet[Random.Shared.Next(alphabet.Length)]));
        var application = SupplierApplication.Create(
            supplier, SupplierType.Cooperative, "532622", first17 + UnifiedSocialCreditCodes.CheckCharacter(first17), "杨建华", "0876-3121234",
            "coop@example.com", user.Id, DateTime.UtcNow);
        var year = ChinaCalendar.DateOf(DateTime.UtcNow).Year;
        application.Approve(new DateOnly(year, 1, 1), new DateOnly(year + 1, 12, 31), user.Id, DateTime.UtcNow);
        db.SupplierApplications.Add(application);
        await db.SaveChangesAsync();
        return supplier.Id;
    }

    /// <summary>A 文山牛肉 listing of <paramref name="supplier"/> taken to <paramref name="status"/> through the domain, submitted at <paramref name="at"/>.</summary>
    private async Task<Guid> CreateListingAsync(Guid supplier, ListingStatus status, DateTime at)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
        var organization = await db.Organizations.SingleAsync(o => o.Id == supplier);
        var listing = Listing.Create(
            organization, "532622",
            new ListingDetails($"BEEF-{Guid.NewGuid():N}"[..20], "文山牛肉 冷鲜", "文山牛", ProductCategory.Meat, "冷链直发", 1, 7, "云南省内"),
            [Sku("BRISKET-1KG", 9800), Sku("SHANK-1KG", 11800)], at);
        if (status != ListingStatus.Draft)
        {
            listing.Submit(publishOnApproval: true, autoApprove: false, at);
        }

        if (status == ListingStatus.Published)
        {
            listing.Approve(null, at);
        }

        db.Listings.Add(listing);
        await db.SaveChangesAsync();
        return listing.Id;
    }
}
