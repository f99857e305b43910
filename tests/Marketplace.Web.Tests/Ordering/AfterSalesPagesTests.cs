using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Contracts.Payments;
using Marketplace.Core.Catalog;
using Marketplace.Core.Messaging;
using Marketplace.Core.Ordering;
using Marketplace.Core.Organizations;
using Marketplace.Web.Demo;
using Marketplace.Web.Tests.Infrastructure;
using Marketplace.Web.Tests.Units;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Web.Tests.Ordering;

/// <summary>After-sales through the pages as a browser uses them: the buyer asks on the order page, the supplier answers, the operator decides.</summary>
public sealed class AfterSalesPagesTests : WebAppFixture
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];
    private static readonly object Address = new { recipient = "李梅", phone = "13800001234", region = "重庆市江北区", line = "建新东路 1 号", postalCode = "400020" };

    private HttpClient _buyer = null!;
    private HttpClient _otherBuyer = null!;
    private HttpClient _supplier = null!;
    private HttpClient _otherSupplier = null!;
    private HttpClient _operator = null!;
    private Guid _yanshanId;

    protected override MarketplaceWebFactory CreateFactory() =>
        new(new Dictionary<string, string?> { ["DemoData:Enabled"] = "true", ["Ordering:SweepInterval"] = "01:00:00" });

    [OneTimeSetUp]
    public async Task SignIn()
    {
        _buyer = await UnitPeople.SignInAsync(Factory, "employee@changan.demo", DemoAccounts.Password);
        _otherBuyer = await UnitPeople.SignInAsync(Factory, "employee@jialing.demo", DemoAccounts.Password);
        _supplier = await UnitPeople.SignInAsync(Factory, "staff@yanshan-cattle.demo", DemoAccounts.Password);
        _otherSupplier = await UnitPeople.SignInAsync(Factory, "staff@luxi-pear.demo", DemoAccounts.Password);
        _operator = await UnitPeople.SignInAsync(Factory, "operator@csgc.demo", DemoAccounts.Password);
        _yanshanId = await UnitPeople.InScopeAsync(Factory, db => db.Organizations.Where(o => o.Name == DemoAccounts.YanshanCooperative).Select(o => o.Id).SingleAsync());
    }

    [OneTimeTearDown]
    public void DisposeClients()
    {
        foreach (var client in new[] { _buyer, _otherBuyer, _supplier, _otherSupplier, _operator })
        {
            client.Dispose();
        }
    }

    [Test]
    public async Task A_request_with_a_photo_is_declined_escalated_and_decided_for_the_buyer_who_then_sees_the_refund()
    {
        var (orderId, page, lineId, number) = await PaidOrderAsync(3, 1000);
        Assert.That(await _buyer.GetStringAsync(page), Does.Contain("申请售后").And.Contain("enctype=\"multipart/form-data\""));

        using var opened = await PostAfterSalesAsync(_buyer, page, Form(lineId, amount: "12.5", reason: "一袋漏气"), ("bag.png", Png));
        Assert.That(opened.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await opened.Content.ReadAsStringAsync());
        var request = await UnitPeople.InScopeAsync(Factory, db => db.AfterSalesRequests.AsNoTracking().SingleAsync(r => r.OrderId == orderId));
        var photoId = await UnitPeople.InScopeAsync(Factory, db => db.AfterSalesPhotos.Where(p => p.RequestId == request.Id).Select(p => p.Id).SingleAsync());
        var photoUrl = $"/api/orders/{orderId}/after-sales/{request.Id}/photos/{photoId}";
        Assert.Multiple(async () =>
        {
            Assert.That(request.AmountFen, Is.EqualTo(1250), "12.5 yuan read exactly.");
            Assert.That(request.Kind, Is.EqualTo(AfterSalesKind.RefundOnly));
            var html = await _buyer.GetStringAsync(page);
            Assert.That(html, Does.Contain("售后申请已提交").And.Contain("待供应商处理").And.Contain("一袋漏气").And.Contain("¥12.50"));
            Assert.That(html, Does.Contain($"src=\"{photoUrl}\""));
            Assert.That(html, Does.Not.Contain("<summary>申请售后</summary>"), "One open request per line.");
        });

        var supplierPage = await _supplier.GetStringAsync("/supplier/after-sales");
        using var supplierPhoto = await _supplier.GetAsync(photoUrl);
        Assert.Multiple(() =>
        {
            Assert.That(supplierPage, Does.Contain(number).And.Contain("文山牛肉干").And.Contain("一袋漏气").And.Contain("同意并退款 ¥12.50"));
            Assert.That(supplierPage, Does.Contain($"src=\"{photoUrl}\""));
            Assert.That(supplierPhoto.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(supplierPhoto.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/png"));
        });

        using var noReason = await Forms.PostAsync(_supplier, "/supplier/after-sales", $"/supplier/after-sales?handler=Decline&requestId={request.Id}", new Dictionary<string, string> { ["reason"] = " " });
        Assert.That(await noReason.Content.ReadAsStringAsync(), Does.Contain("请填写处理意见"));
        Assert.That(await StatusAsync(request.Id), Is.EqualTo(AfterSalesStatus.Requested));

        using var declined = await Forms.PostAsync(_supplier, "/supplier/after-sales", $"/supplier/after-sales?handler=Decline&requestId={request.Id}", new Dictionary<string, string> { ["reason"] = "出库时包装完好" });
        Assert.That(declined.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var declinedPage = await _buyer.GetStringAsync(page);
        Assert.That(declinedPage, Does.Contain("供应商已拒绝").And.Contain("供应商答复：出库时包装完好").And.Contain("申请平台介入"));

        using var escalated = await Forms.PostAsync(_buyer, page, $"{page}?handler=Escalate&requestId={request.Id}", new Dictionary<string, string>());
        Assert.That(escalated.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await StatusAsync(request.Id), Is.EqualTo(AfterSalesStatus.Escalated));
        Assert.That(await _buyer.GetStringAsync(page), Does.Contain("已申请平台介入").And.Contain("平台介入中"));

        var (laterOrderId, laterPage, laterLineId, _) = await PaidOrderAsync(1, 1000);
        using var later = await PostAfterSalesAsync(_buyer, laterPage, Form(laterLineId, reason: "晚到的申请"));
        var laterId = await UnitPeople.InScopeAsync(Factory, db => db.AfterSalesRequests.Where(r => r.OrderId == laterOrderId).Select(r => r.Id).SingleAsync());
        var everything = await _operator.GetStringAsync("/operator/after-sales");
        Assert.That(everything.IndexOf($"id=\"after-sales-{request.Id}\"", StringComparison.Ordinal),
            Is.GreaterThan(0).And.LessThan(everything.IndexOf($"id=\"after-sales-{laterId}\"", StringComparison.Ordinal)), "Escalated requests come first.");

        var escalatedList = await _operator.GetStringAsync("/operator/after-sales?status=Escalated");
        var refundedList = await _operator.GetStringAsync("/operator/after-sales?status=Refunded");
        Assert.Multiple(() =>
        {
            Assert.That(escalatedList, Does.Contain(number).And.Contain("买家陈述").And.Contain("一袋漏气").And.Contain("出库时包装完好").And.Contain($"src=\"{photoUrl}\""));
            Assert.That(refundedList, Does.Not.Contain(number));
        });

        using var undecided = await Forms.PostAsync(_operator, "/operator/after-sales", $"/operator/after-sales?handler=Decide&requestId={request.Id}", new Dictionary<string, string> { ["reason"] = "照片显示包装破损" });
        Assert.That(await undecided.Content.ReadAsStringAsync(), Does.Contain("请填写裁决结果"));
        Assert.That(await StatusAsync(request.Id), Is.EqualTo(AfterSalesStatus.Escalated));

        using var decided = await Forms.PostAsync(_operator, "/operator/after-sales", $"/operator/after-sales?handler=Decide&requestId={request.Id}",
            new Dictionary<string, string> { ["forBuyer"] = "true", ["reason"] = "照片显示包装破损" });
        Assert.That(decided.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await decided.Content.ReadAsStringAsync());

        var refunded = await _buyer.GetStringAsync(page);
        Assert.Multiple(async () =>
        {
            Assert.That(refunded, Does.Contain("<dt>已退款</dt><dd>¥12.50</dd>"));
            Assert.That(refunded, Does.Contain("平台裁决：照片显示包装破损").And.Not.Contain("申请平台介入"));
            Assert.That(refunded, Does.Contain("<summary>申请售后</summary>"), "What is left of the line may be asked for again.");
            Assert.That(await UnitPeople.InScopeAsync(Factory, db => db.Orders.Where(o => o.Id == orderId).Select(o => o.RefundedFen).SingleAsync()), Is.EqualTo(1250));
            Assert.That(await UnitPeople.InScopeAsync(Factory, db => db.OutboxMessages.CountAsync(m => m.MessageType.Contains("OrderRefunded") && m.Body.Contains(orderId.ToString()))), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task The_supplier_agrees_and_the_line_is_refunded_at_once()
    {
        var (orderId, page, lineId, _) = await PaidOrderAsync(2, 2500);
        using var opened = await PostAfterSalesAsync(_buyer, page, Form(lineId, kind: "ReturnAndRefund", quantity: "2", amount: "50", reason: "肉干受潮"));
        Assert.That(opened.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await opened.Content.ReadAsStringAsync());
        var requestId = await UnitPeople.InScopeAsync(Factory, db => db.AfterSalesRequests.Where(r => r.OrderId == orderId).Select(r => r.Id).SingleAsync());

        using var agreed = await Forms.PostAsync(_supplier, "/supplier/after-sales", $"/supplier/after-sales?handler=Agree&requestId={requestId}", new Dictionary<string, string>());
        Assert.That(agreed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var html = await _buyer.GetStringAsync(page);
        Assert.Multiple(async () =>
        {
            Assert.That(await StatusAsync(requestId), Is.EqualTo(AfterSalesStatus.Refunded));
            Assert.That(html, Does.Contain("<dt>已退款</dt><dd>¥50.00</dd>").And.Contain("退货退款"));
            Assert.That(html, Does.Not.Contain("<summary>申请售后</summary>"), "Nothing is left of the line.");
            Assert.That(await _supplier.GetStringAsync("/supplier/after-sales"), Does.Not.Contain($"id=\"after-sales-{requestId}\""), "Only open ones by default.");
            Assert.That(await _supplier.GetStringAsync("/supplier/after-sales?all=true"), Does.Contain($"id=\"after-sales-{requestId}\""));
        });
    }

    [TestCase("12.345", "3", "梨坏了", "退款金额请填写元")]
    [TestCase("-1", "3", "梨坏了", "退款金额请填写元")]
    [TestCase("30.01", "3", "梨坏了", "退款金额不能超过该商品尚未退款的 ¥30.00")]
    [TestCase("0", "3", "梨坏了", "退款金额须大于 0")]
    [TestCase("10", "4", "梨坏了", "数量不能超过 3")]
    [TestCase("10", "两", "梨坏了", "数量须在")]
    [TestCase("10", "1", "  ", "请填写售后原因")]
    public async Task Bad_input_re_renders_the_form_with_errors_and_writes_nothing(string amount, string quantity, string reason, string error)
    {
        var (orderId, page, lineId, _) = await PaidOrderAsync(3, 1000);
        using var response = await PostAfterSalesAsync(_buyer, page, Form(lineId, quantity: quantity, amount: amount, reason: reason), ("bag.png", Png));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html, Does.Contain(error));
            Assert.That(html, Does.Contain("<details class=\"after-sales-form\" open=\"open\">"), "The form stays open with what was typed.");
            Assert.That(html, Does.Contain($"value=\"{System.Net.WebUtility.HtmlEncode(amount)}\""));
            Assert.That(await NothingWrittenAsync(orderId), Is.True);
        });
    }

    [Test]
    public async Task Photos_that_are_not_pictures_too_many_or_too_large_are_refused_and_nothing_is_written()
    {
        var (orderId, page, lineId, _) = await PaidOrderAsync(3, 1000);
        using var text = await PostAfterSalesAsync(_buyer, page, Form(lineId), ("notes.jpg", "not a picture"u8.ToArray()));
        using var four = await PostAfterSalesAsync(_buyer, page, Form(lineId), ("1.png", Png), ("2.png", Png), ("3.png", Png), ("4.png", Png));
        var large = new byte[AfterSalesRequest.MaxPhotoBytes + 1];
        Png.CopyTo(large, 0);
        using var tooLarge = await PostAfterSalesAsync(_buyer, page, Form(lineId), ("big.png", large));
        Assert.Multiple(async () =>
        {
            Assert.That(await text.Content.ReadAsStringAsync(), Does.Contain("“notes.jpg”不是 JPEG 或 PNG 图片"));
            Assert.That(await four.Content.ReadAsStringAsync(), Does.Contain("最多上传 3 张照片"));
            Assert.That(await tooLarge.Content.ReadAsStringAsync(), Does.Contain("照片不能超过 5 MB"));
            Assert.That(await NothingWrittenAsync(orderId), Is.True);
        });
    }

    [Test]
    public async Task Another_buyer_or_another_supplier_can_neither_see_nor_act()
    {
        var (orderId, page, lineId, number) = await PaidOrderAsync(3, 1000);
        using var foreignOpen = await PostAfterSalesAsync(_otherBuyer, page, Form(lineId), tokenFrom: "/orders");
        Assert.That(foreignOpen.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await NothingWrittenAsync(orderId), Is.True);

        using var opened = await PostAfterSalesAsync(_buyer, page, Form(lineId), ("bag.png", Png));
        var requestId = await UnitPeople.InScopeAsync(Factory, db => db.AfterSalesRequests.Where(r => r.OrderId == orderId).Select(r => r.Id).SingleAsync());
        var photoId = await UnitPeople.InScopeAsync(Factory, db => db.AfterSalesPhotos.Where(p => p.RequestId == requestId).Select(p => p.Id).SingleAsync());
        var photoUrl = $"/api/orders/{orderId}/after-sales/{requestId}/photos/{photoId}";

        using var foreignPage = await _otherBuyer.GetAsync(page);
        using var foreignPhoto = await _otherBuyer.GetAsync(photoUrl);
        using var otherSupplierPhoto = await _otherSupplier.GetAsync(photoUrl);
        using var otherSupplierAgree = await Forms.PostAsync(_otherSupplier, "/supplier/after-sales", $"/supplier/after-sales?handler=Agree&requestId={requestId}", new Dictionary<string, string>());
        using var otherSupplierDecline = await Forms.PostAsync(_otherSupplier, "/supplier/after-sales", $"/supplier/after-sales?handler=Decline&requestId={requestId}", new Dictionary<string, string> { ["reason"] = "不是我们的" });
        using var supplierAtOperator = await _supplier.GetAsync("/operator/after-sales");
        using var buyerAtSupplier = await _buyer.GetAsync("/supplier/after-sales");
        Assert.Multiple(async () =>
        {
            Assert.That(foreignPage.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(foreignPhoto.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(otherSupplierPhoto.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(otherSupplierAgree.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(otherSupplierDecline.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await _otherSupplier.GetStringAsync("/supplier/after-sales?all=true"), Does.Not.Contain(number));
            Assert.That(supplierAtOperator.Headers.Location?.AbsolutePath, Is.EqualTo("/account/access-denied"));
            Assert.That(buyerAtSupplier.Headers.Location?.AbsolutePath, Is.EqualTo("/account/access-denied"));
            Assert.That(await StatusAsync(requestId), Is.EqualTo(AfterSalesStatus.Requested));
        });

        using var notYetDeclined = await Forms.PostAsync(_buyer, page, $"{page}?handler=Escalate&requestId={requestId}", new Dictionary<string, string>());
        using var foreignEscalate = await Forms.PostAsync(_otherBuyer, "/orders", $"{page}?handler=Escalate&requestId={requestId}", new Dictionary<string, string>());
        Assert.Multiple(async () =>
        {
            Assert.That(notYetDeclined.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await notYetDeclined.Content.ReadAsStringAsync(), Does.Contain("订单当前状态不允许此操作"));
            Assert.That(foreignEscalate.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await StatusAsync(requestId), Is.EqualTo(AfterSalesStatus.Requested));
        });
    }

    private static Dictionary<string, string> Form(Guid lineId, string kind = "RefundOnly", string quantity = "1", string amount = "10", string reason = "一袋漏气") => new()
    {
        ["AfterSalesInput.LineId"] = lineId.ToString(),
        ["AfterSalesInput.Kind"] = kind,
        ["AfterSalesInput.Quantity"] = quantity,
        ["AfterSalesInput.Amount"] = amount,
        ["AfterSalesInput.Reason"] = reason,
    };

    /// <summary>Posts the order page's after-sales form as a browser does: multipart, the fields and each chosen photo.</summary>
    private static async Task<HttpResponseMessage> PostAfterSalesAsync(
        HttpClient client, string page, Dictionary<string, string> fields, params (string Name, byte[] Content)[] photos) =>
        await PostAfterSalesAsync(client, page, fields, page, photos);

    private static async Task<HttpResponseMessage> PostAfterSalesAsync(
        HttpClient client, string page, Dictionary<string, string> fields, string tokenFrom, params (string Name, byte[] Content)[] photos)
    {
        using var content = new MultipartFormDataContent
        {
            { new StringContent(Forms.AntiforgeryToken(await client.GetStringAsync(tokenFrom))), "__RequestVerificationToken" },
        };
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        foreach (var (name, bytes) in photos)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue(name.EndsWith(".png", StringComparison.Ordinal) ? "image/png" : "image/jpeg");
            content.Add(file, "photos", name);
        }

        return await client.PostAsync($"{page}?handler=AfterSales", content);
    }

    private Task<AfterSalesStatus> StatusAsync(Guid requestId) =>
        UnitPeople.InScopeAsync(Factory, db => db.AfterSalesRequests.AsNoTracking().Where(r => r.Id == requestId).Select(r => r.Status).SingleAsync());

    private Task<bool> NothingWrittenAsync(Guid orderId) => UnitPeople.InScopeAsync(Factory, async db =>
        !await db.AfterSalesRequests.AnyAsync(r => r.OrderId == orderId)
        && await db.Orders.Where(o => o.Id == orderId).Select(o => o.RefundedFen).SingleAsync() == 0);

    /// <summary>A paid order of one line from 砚山 for the demo employee: placed through the API, paid by the event the payments side will send.</summary>
    private async Task<(Guid OrderId, string Page, Guid LineId, string Number)> PaidOrderAsync(int quantity, long priceFen)
    {
        var skuId = await ListingAsync(priceFen);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(new { lines = new[] { new { skuId, quantity } }, address = Address, fundingSource = "Personal" }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        using var placed = await _buyer.SendAsync(request);
        Assert.That(placed.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await placed.Content.ReadAsStringAsync());
        var location = placed.Headers.Location!.ToString();
        var order = await UntilAsync(location, "AwaitingPayment");
        var orderId = order.GetProperty("id").GetGuid();
        await UnitPeople.InScopeAsync(Factory, async db =>
        {
            db.AddToOutbox(new PaymentSucceeded(orderId, Guid.CreateVersion7(), order.GetProperty("totalFen").GetInt64(), "Test", DateTime.UtcNow), TimeProvider.System);
            return await db.SaveChangesAsync();
        });
        order = await UntilAsync(location, "Paid");
        return (orderId, $"/orders/{orderId}", order.GetProperty("lines")[0].GetProperty("id").GetGuid(), order.GetProperty("number").GetString()!);
    }

    private async Task<JsonElement> UntilAsync(string location, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var order = await _buyer.GetFromJsonAsync<JsonElement>(location);
            if (order.GetProperty("status").GetString() == status)
            {
                return order;
            }

            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"The order never became {status}: {order}");
            await Task.Delay(50);
        }
    }

    private Task<Guid> ListingAsync(long priceFen) => UnitPeople.InScopeAsync(Factory, async db =>
    {
        var now = DateTime.UtcNow;
        var supplier = await db.Organizations.SingleAsync(o => o.Id == _yanshanId && o.Kind == OrganizationKind.Supplier);
        var listing = Listing.Create(
            supplier, "532622",
            new ListingDetails("A" + Guid.NewGuid().ToString("N")[..10], "文山牛肉干", "砚山黄牛", ProductCategory.Meat, "草饲黄牛", 1, 180, "全国"),
            [new SkuDraft("250G", "250G 袋装", 250, null, null, priceFen, null, 50, [])],
            now);
        listing.Submit(true, true, now);
        db.Listings.Add(listing);
        await db.SaveChangesAsync();
        return listing.Skus.Single().Id;
    });
}
