using System.Net;
using System.Text;
using Marketplace.Core.Data;
using Marketplace.Core.Organizations;
using Marketplace.Web.Demo;
using Marketplace.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Web.Tests;

/// <summary>Who signs in for a row of the matrix; each is a demo user (see src/Marketplace.Web/Demo/DemoAccounts.cs).</summary>
public enum Actor
{
    Anonymous,
    EmployeeA,
    EmployeeB,
    PurchaserA,
    ApproverA,
    UnitAdminA,
    SupplierXStaff,
    SupplierYStaff,
    Operator,
    Public,
}

/// <summary>
/// What an actor gets. <see cref="Forbidden"/> is 403 for the API and, for pages, the cookie handler's redirect to
/// the access-denied page (which answers 403); <see cref="LoginRedirect"/> is the redirect to the sign-in page.
/// </summary>
public enum Answer
{
    Ok,
    Created,
    Accepted,
    NoContent,
    Redirect,
    LoginRedirect,
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    UnsupportedMediaType,
}

/// <summary>
/// Every endpoint × every kind of user, on the embedded default with the demo users. An endpoint that is not in
/// <see cref="Matrix"/> fails <see cref="Every_endpoint_is_in_the_matrix"/>: a new endpoint must say here who may
/// call it. Pages are requested with GET (their POST handlers are covered by their own tests); API endpoints
/// with their methods, and a body of <c>{}</c> when they take one.
/// </summary>
public sealed class AuthorizationMatrixTests : WebAppFixture
{
    private static readonly Actor[] _signedIn = [.. Enum.GetValues<Actor>().Where(a => a != Actor.Anonymous)];

    private static readonly Actor[] AgreementParties = [Actor.PurchaserA, Actor.UnitAdminA, Actor.SupplierXStaff, Actor.SupplierYStaff, Actor.Operator];

    private readonly Dictionary<Actor, HttpClient> _clients = [];
    private readonly Dictionary<string, Guid> _ids = [];

    /// <summary>
    /// The matrix: one or more rows per endpoint (method and route pattern as routing knows them). A row's URL may
    /// name ids: {own} (the actor's own organization; the group for the public and anonymous), {changan},
    /// {jialing}, {yanshan}, {luxi}, {group}, {unknown}.
    /// </summary>
    private static IEnumerable<Row> Matrix() =>
    [
        // Open to everyone.
        new("GET", "/", "/", Everyone(Answer.Ok)),
        new("GET", "/Index", "/index", Everyone(Answer.Ok)),
        // The language switch takes a POST (a form in the header) and has no GET handler.
        new("GET", "/language", "/language", Everyone(Answer.MethodNotAllowed)),
        // Asked for directly, the error page renders (200); the error middleware re-executes it with the real status.
        new("GET", "/error/{statusCode:int?}", "/error/404", Everyone(Answer.Ok)),
        new("GET", "/health/live", "/health/live", Everyone(Answer.Ok)),
        new("GET", "/health/ready", "/health/ready", Everyone(Answer.Ok)),
        new("GET", "/openapi/{documentName}.json", "/openapi/v1.json", Everyone(Answer.Ok)),
        new("GET", "/scalar/{documentName?}", "/scalar/v1", Everyone(Answer.Ok)),
        new("GET", "/scalar/scalar.js", "/scalar/scalar.js", Everyone(Answer.Ok)),
        new("GET", "/scalar/scalar.aspnetcore.js", "/scalar/scalar.aspnetcore.js", Everyone(Answer.Ok)),
        new("GET", "/scalar/favicon.svg", "/scalar/favicon.svg", Everyone(Answer.Ok)),
        new("GET", "/account/login", "/account/login", Everyone(Answer.Ok)),
        new("GET", "/account/register", "/account/register", Everyone(Answer.Ok)),
        new("GET", "/account/forgot-password", "/account/forgot-password", Everyone(Answer.Ok)),
        new("GET", "/account/reset-password", "/account/reset-password?code=x", Everyone(Answer.Ok)),
        new("GET", "/account/confirm-email", "/account/confirm-email?userId={unknown}&code=x", Everyone(Answer.Ok)),
        new("GET", "/account/access-denied", "/account/access-denied", Everyone(Answer.Forbidden)),

        // Any signed-in user.
        // Signing out takes a POST; a GET is refused once the fallback policy lets it through.
        new("GET", "/account/logout", "/account/logout", SignedInPage(Answer.MethodNotAllowed)),
        new("GET", "/account/profile", "/account/profile", SignedInPage(Answer.Ok)),
        new("GET", "/api/account/me", "/api/account/me", SignedInApi(Answer.Ok)),

        // Operators only.
        new("GET", "/operator/units", "/operator/units", OperatorsPage(Answer.Ok)),
        new("GET", "/operator/audit", "/operator/audit", OperatorsPage(Answer.Ok)),
        new("GET", "/api/audit", "/api/audit", OperatorsApi(Answer.Ok)),

        // A unit admin, for their own unit only; operators for any unit.
        new("GET", "/unit/members", "/unit/members", OnlyPage(Answer.Ok, Actor.UnitAdminA)),
        new("GET", "/api/units/{unitId:guid}/members", "/api/units/{changan}/members", OnlyApi(Answer.Ok, Actor.UnitAdminA, Actor.Operator)),
        new("GET", "/api/units/{unitId:guid}/members", "/api/units/{jialing}/members", OnlyApi(Answer.Ok, Actor.Operator)),
        new("GET", "/api/units/{unitId:guid}/members", "/api/units/{own}/members", OnlyApi(Answer.Ok, Actor.UnitAdminA, Actor.Operator)),
        new("GET", "/api/units/{unitId:guid}/members", "/api/units/{unknown}/members", OnlyApi(Answer.NotFound, Actor.Operator)),
        new("POST", "/api/units/{unitId:guid}/invitations", "/api/units/{changan}/invitations", OnlyApi(Answer.BadRequest, Actor.UnitAdminA, Actor.Operator)),
        new("POST", "/api/units/{unitId:guid}/invitations", "/api/units/{jialing}/invitations", OnlyApi(Answer.BadRequest, Actor.Operator)),
        new("POST", "/api/units/{unitId:guid}/roster", "/api/units/{changan}/roster", OnlyApi(Answer.UnsupportedMediaType, Actor.UnitAdminA, Actor.Operator)),
        new("POST", "/api/units/{unitId:guid}/roster", "/api/units/{jialing}/roster", OnlyApi(Answer.UnsupportedMediaType, Actor.Operator)),

        // Welfare: a unit's admins and finance run its programmes (operators read them); every signed-in user reads only their own wallets.
        new("GET", "/unit/welfare", "/unit/welfare", OnlyPage(Answer.Ok, Actor.UnitAdminA)),
        new("GET", "/unit/welfare/{programmeId:guid}", "/unit/welfare/{unknown}", OnlyPage(Answer.NotFound, Actor.UnitAdminA)),
        new("GET", "/welfare", "/welfare", SignedInPage(Answer.Ok)),
        new("GET", "/api/units/{unitId:guid}/welfare-programmes", "/api/units/{changan}/welfare-programmes", OnlyApi(Answer.Ok, Actor.UnitAdminA, Actor.Operator)),
        new("GET", "/api/units/{unitId:guid}/welfare-programmes", "/api/units/{jialing}/welfare-programmes", OnlyApi(Answer.Ok, Actor.Operator)),
        new("GET", "/api/units/{unitId:guid}/welfare-programmes", "/api/units/{unknown}/welfare-programmes", OnlyApi(Answer.NotFound, Actor.Operator)),
        new("POST", "/api/units/{unitId:guid}/welfare-programmes", "/api/units/{changan}/welfare-programmes", OnlyApi(Answer.BadRequest, Actor.UnitAdminA)),
        new("POST", "/api/units/{unitId:guid}/welfare-programmes", "/api/units/{jialing}/welfare-programmes", OnlyApi(Answer.BadRequest)),
        new("GET", "/api/units/{unitId:guid}/welfare-programmes/{programmeId:guid}", "/api/units/{changan}/welfare-programmes/{unknown}", OnlyApi(Answer.NotFound, Actor.UnitAdminA, Actor.Operator)),
        new("POST", "/api/units/{unitId:guid}/welfare-programmes/{programmeId:guid}/grants", "/api/units/{changan}/welfare-programmes/{unknown}/grants", OnlyApi(Answer.BadRequest, Actor.UnitAdminA)),
        new("POST", "/api/units/{unitId:guid}/welfare-programmes/{programmeId:guid}/grants", "/api/units/{jialing}/welfare-programmes/{unknown}/grants", OnlyApi(Answer.BadRequest)),
        new("GET", "/api/units/{unitId:guid}/welfare-campaigns", "/api/units/{changan}/welfare-campaigns", OnlyApi(Answer.Ok, Actor.UnitAdminA, Actor.Operator)),
        new("GET", "/api/units/{unitId:guid}/welfare-campaigns", "/api/units/{jialing}/welfare-campaigns", OnlyApi(Answer.Ok, Actor.Operator)),
        new("POST", "/api/units/{unitId:guid}/welfare-campaigns", "/api/units/{changan}/welfare-campaigns", OnlyApi(Answer.BadRequest, Actor.UnitAdminA)),
        new("POST", "/api/units/{unitId:guid}/welfare-campaigns", "/api/units/{jialing}/welfare-campaigns", OnlyApi(Answer.BadRequest)),
        new("GET", "/api/units/{unitId:guid}/welfare-campaigns/{campaignId:guid}", "/api/units/{changan}/welfare-campaigns/{unknown}", OnlyApi(Answer.NotFound, Actor.UnitAdminA, Actor.Operator)),
        new("POST", "/api/units/{unitId:guid}/welfare-campaigns/{campaignId:guid}/close", "/api/units/{changan}/welfare-campaigns/{unknown}/close", OnlyApi(Answer.NotFound, Actor.UnitAdminA)),
        new("POST", "/api/units/{unitId:guid}/welfare-campaigns/{campaignId:guid}/reminders", "/api/units/{changan}/welfare-campaigns/{unknown}/reminders", OnlyApi(Answer.NotFound, Actor.UnitAdminA)),
        new("GET", "/api/welfare/campaigns", "/api/welfare/campaigns", SignedInApi(Answer.Ok)),
        new("GET", "/unit/welfare-campaigns", "/unit/welfare-campaigns", OnlyPage(Answer.Ok, Actor.UnitAdminA)),
        new("GET", "/unit/welfare-campaigns/{campaignId:guid}", "/unit/welfare-campaigns/{unknown}", OnlyPage(Answer.NotFound, Actor.UnitAdminA)),
        new("GET", "/welfare/campaigns/{campaignId:guid}", "/welfare/campaigns/{unknown}", SignedInPage(Answer.NotFound)),
        new("GET", "/api/welfare/campaigns/{campaignId:guid}", "/api/welfare/campaigns/{unknown}", SignedInApi(Answer.NotFound)),
        new("PUT", "/api/welfare/campaigns/{campaignId:guid}/choice", "/api/welfare/campaigns/{unknown}/choice", SignedInApi(Answer.BadRequest)),
        new("GET", "/api/welfare/wallet", "/api/welfare/wallet", SignedInApi(Answer.Ok)),
        new("GET", "/api/welfare/wallets/{walletId:guid}/ledger", "/api/welfare/wallets/{unknown}/ledger", SignedInApi(Answer.NotFound)),
        // Approval rules: a unit admin for their own unit, operators for any; approvals: holders of an approving role in a unit.
        new("GET", "/unit/approval-rules", "/unit/approval-rules", OnlyPage(Answer.Ok, Actor.UnitAdminA)),
        new("GET", "/api/units/{unitId:guid}/approval-rules", "/api/units/{changan}/approval-rules", OnlyApi(Answer.Ok, Actor.UnitAdminA, Actor.Operator)),
        new("GET", "/api/units/{unitId:guid}/approval-rules", "/api/units/{jialing}/approval-rules", OnlyApi(Answer.Ok, Actor.Operator)),
        new("PUT", "/api/units/{unitId:guid}/approval-rules", "/api/units/{changan}/approval-rules", OnlyApi(Answer.BadRequest, Actor.UnitAdminA, Actor.Operator)),
        new("PUT", "/api/units/{unitId:guid}/approval-rules", "/api/units/{jialing}/approval-rules", OnlyApi(Answer.BadRequest, Actor.Operator)),
        new("GET", "/unit/approvals", "/unit/approvals", OnlyPage(Answer.Ok, Actor.ApproverA, Actor.UnitAdminA)),
        new("GET", "/unit/approvals/{orderId:guid}", "/unit/approvals/{unknown}", OnlyPage(Answer.NotFound, Actor.ApproverA, Actor.UnitAdminA)),
        new("GET", "/api/approvals", "/api/approvals", OnlyApi(Answer.Ok, Actor.ApproverA, Actor.UnitAdminA)),
        new("GET", "/api/approvals/{orderId:guid}", "/api/approvals/{unknown}", OnlyApi(Answer.NotFound, Actor.ApproverA, Actor.UnitAdminA)),
        new("POST", "/api/approvals/{orderId:guid}/approve", "/api/approvals/{unknown}/approve", OnlyApi(Answer.NotFound, Actor.ApproverA, Actor.UnitAdminA)),
        new("POST", "/api/approvals/{orderId:guid}/reject", "/api/approvals/{unknown}/reject", OnlyApi(Answer.BadRequest, Actor.ApproverA, Actor.UnitAdminA)),
        new("POST", "/api/approvals/{orderId:guid}/change", "/api/approvals/{unknown}/change", OnlyApi(Answer.BadRequest, Actor.ApproverA, Actor.UnitAdminA)),

        // Framework agreements: unit purchasers and admins, suppliers' members and operators; someone else's agreement is not found.
        new("GET", "/agreements", "/agreements", OnlyPage(Answer.Ok, AgreementParties)),
        new("GET", "/agreements/new", "/agreements/new", OnlyPage(Answer.Ok, [Actor.PurchaserA, Actor.UnitAdminA, Actor.Operator])),
        new("GET", "/api/agreements", "/api/agreements", OnlyApi(Answer.Ok, AgreementParties)),
        new("POST", "/api/agreements", "/api/agreements", OnlyApi(Answer.BadRequest, AgreementParties)),
        new("GET", "/api/agreements/{agreementId:guid}", "/api/agreements/{unknown}", OnlyApi(Answer.NotFound, AgreementParties)),
        new("POST", "/api/agreements/{agreementId:guid}/call-offs", "/api/agreements/{unknown}/call-offs", OnlyApi(Answer.BadRequest, AgreementParties)),
        new("POST", "/api/agreements/{agreementId:guid}/deliveries/{deliveryId:guid}/confirm", "/api/agreements/{unknown}/deliveries/{unknown}/confirm", OnlyApi(Answer.NotFound, AgreementParties)),

        // Sign-up paths: anonymous by design.
        new("GET", "/account/activate", "/account/activate", Everyone(Answer.Ok)),
        new("GET", "/account/apply-supplier", "/account/apply-supplier", Everyone(Answer.Ok)),
        new("POST", "/api/suppliers/applications", "/api/suppliers/applications", Everyone(Answer.BadRequest)),

        // Assisted areas: anyone reads the counties; operators add counties and record which unit assists which.
        new("GET", "/api/counties", "/api/counties", Everyone(Answer.Ok)),
        new("POST", "/api/counties", "/api/counties", OperatorsApi(Answer.BadRequest)),
        new("POST", "/api/counties/{code}/assignments", "/api/counties/532622/assignments", OperatorsApi(Answer.BadRequest)),
        new("POST", "/api/counties/{code}/assignments/{assignmentId:guid}/end", "/api/counties/532622/assignments/{unknown}/end", OperatorsApi(Answer.BadRequest)),

        // Supplier certification: operators review; a supplier's members read their own, its admins (no actor here) write.
        new("GET", "/operator/suppliers", "/operator/suppliers", OperatorsPage(Answer.Ok)),
        new("GET", "/supplier/profile", "/supplier/profile", OnlyPage(Answer.Ok, Actor.SupplierXStaff, Actor.SupplierYStaff)),
        new("GET", "/api/suppliers/applications", "/api/suppliers/applications", OperatorsApi(Answer.Ok)),
        new("GET", "/api/suppliers/{supplierId:guid}/certification", "/api/suppliers/{yanshan}/certification", OnlyApi(Answer.Ok, Actor.SupplierXStaff, Actor.Operator)),
        new("GET", "/api/suppliers/{supplierId:guid}/certification", "/api/suppliers/{unknown}/certification", OnlyApi(Answer.NotFound, Actor.Operator)),
        new("POST", "/api/suppliers/{supplierId:guid}/review", "/api/suppliers/{yanshan}/review", OperatorsApi(Answer.BadRequest)),
        new("GET", "/api/suppliers/{supplierId:guid}/benefit-linkage", "/api/suppliers/{yanshan}/benefit-linkage", OnlyApi(Answer.Ok, Actor.SupplierXStaff, Actor.Operator)),
        new("GET", "/api/suppliers/{supplierId:guid}/benefit-linkage", "/api/suppliers/{luxi}/benefit-linkage", OnlyApi(Answer.Ok, Actor.SupplierYStaff, Actor.Operator)),
        // Supplier admins only, of their own supplier: staff and operators are refused.
        new("PUT", "/api/suppliers/{supplierId:guid}/benefit-linkage", "/api/suppliers/{yanshan}/benefit-linkage", OnlyApi(Answer.Forbidden)),
        new("POST", "/api/suppliers/{supplierId:guid}/evidence", "/api/suppliers/{yanshan}/evidence", OnlyApi(Answer.Forbidden)),
        // Evidence is never public: the supplier's admins and operators.
        new("GET", "/api/suppliers/{supplierId:guid}/evidence", "/api/suppliers/{yanshan}/evidence", OnlyApi(Answer.Ok, Actor.Operator)),
        new("GET", "/api/suppliers/{supplierId:guid}/evidence/{id:guid}", "/api/suppliers/{yanshan}/evidence/{unknown}", OnlyApi(Answer.NotFound, Actor.Operator)),

        // Ordering: any signed-in user buys for themselves; an order is found only by its buyer (and operators).
        new("POST", "/api/orders", "/api/orders", SignedInApi(Answer.BadRequest)),
        new("GET", "/api/orders", "/api/orders", SignedInApi(Answer.Ok)),
        new("GET", "/api/orders/{orderId:guid}", "/api/orders/{unknown}", SignedInApi(Answer.NotFound)),
        new("POST", "/api/orders/{orderId:guid}/cancel", "/api/orders/{unknown}/cancel", SignedInApi(Answer.NotFound)),
        new("POST", "/api/orders/{orderId:guid}/sub-orders/{subOrderId:guid}/confirm-receipt", "/api/orders/{unknown}/sub-orders/{unknown}/confirm-receipt", SignedInApi(Answer.NotFound)),
        new("GET", "/api/cart", "/api/cart", SignedInApi(Answer.Ok)),
        new("PUT", "/api/cart/items/{skuId:guid}", "/api/cart/items/{unknown}", SignedInApi(Answer.BadRequest)),
        new("DELETE", "/api/cart/items/{skuId:guid}", "/api/cart/items/{unknown}", SignedInApi(Answer.Ok)),
        new("GET", "/api/addresses", "/api/addresses", SignedInApi(Answer.Ok)),
        new("POST", "/api/addresses", "/api/addresses", SignedInApi(Answer.BadRequest)),
        new("PUT", "/api/addresses/{addressId:guid}", "/api/addresses/{unknown}", SignedInApi(Answer.BadRequest)),
        new("DELETE", "/api/addresses/{addressId:guid}", "/api/addresses/{unknown}", SignedInApi(Answer.NotFound)),
        // Ordering pages: the buyer's own cart and orders (someone else's order is not found); checkout with an empty cart goes back to the cart.
        new("GET", "/cart", "/cart", SignedInPage(Answer.Ok)),
        new("GET", "/checkout", "/checkout", SignedInPage(Answer.Redirect)),
        new("GET", "/orders", "/orders", SignedInPage(Answer.Ok)),
        new("GET", "/orders/{orderId:guid}", "/orders/{unknown}", SignedInPage(Answer.NotFound)),
        new("GET", "/supplier/orders", "/supplier/orders", OnlyPage(Answer.Ok, Actor.SupplierXStaff, Actor.SupplierYStaff)),
        new("GET", "/supplier/orders/{subOrderId:guid}/packing-list", "/supplier/orders/{unknown}/packing-list", OnlyPage(Answer.NotFound, Actor.SupplierXStaff, Actor.SupplierYStaff)),
        new("GET", "/operator/orders", "/operator/orders", OperatorsPage(Answer.Ok)),
        new("GET", "/api/operator/orders", "/api/operator/orders", OperatorsApi(Answer.Ok)),
        // A supplier's sub-orders: its members handle them; operators read them.
        new("GET", "/api/suppliers/{supplierId:guid}/sub-orders", "/api/suppliers/{yanshan}/sub-orders", OnlyApi(Answer.Ok, Actor.SupplierXStaff, Actor.Operator)),
        new("POST", "/api/suppliers/{supplierId:guid}/sub-orders/{subOrderId:guid}/accept", "/api/suppliers/{yanshan}/sub-orders/{unknown}/accept", OnlyApi(Answer.NotFound, Actor.SupplierXStaff)),
        new("POST", "/api/suppliers/{supplierId:guid}/sub-orders/{subOrderId:guid}/refuse", "/api/suppliers/{yanshan}/sub-orders/{unknown}/refuse", OnlyApi(Answer.BadRequest, Actor.SupplierXStaff)),
        new("POST", "/api/suppliers/{supplierId:guid}/sub-orders/{subOrderId:guid}/ship", "/api/suppliers/{yanshan}/sub-orders/{unknown}/ship", OnlyApi(Answer.BadRequest, Actor.SupplierXStaff)),
        new("POST", "/api/suppliers/{supplierId:guid}/sub-orders/{subOrderId:guid}/delivered", "/api/suppliers/{luxi}/sub-orders/{unknown}/delivered", OnlyApi(Answer.NotFound, Actor.SupplierYStaff)),
        new("GET", "/api/suppliers/{supplierId:guid}/sub-orders/{subOrderId:guid}/packing-list", "/api/suppliers/{yanshan}/sub-orders/{unknown}/packing-list", OnlyApi(Answer.NotFound, Actor.SupplierXStaff, Actor.Operator)),
        new("GET", "/api/suppliers/{supplierId:guid}/sub-orders/{subOrderId:guid}/packing-list", "/api/suppliers/{luxi}/sub-orders/{unknown}/packing-list", OnlyApi(Answer.NotFound, Actor.SupplierYStaff, Actor.Operator)),

        // Bulk and uniform orders: only a unit's purchasers; drafts are each purchaser's own.
        new("GET", "/unit/bulk-order", "/unit/bulk-order", OnlyPage(Answer.Ok, Actor.PurchaserA)),
        new("POST", "/api/unit-orders/check", "/api/unit-orders/check", OnlyApi(Answer.UnsupportedMediaType, Actor.PurchaserA)),
        new("POST", "/api/unit-orders", "/api/unit-orders", OnlyApi(Answer.BadRequest, Actor.PurchaserA)),
        new("GET", "/api/unit-orders/check-progress/{token:guid}", "/api/unit-orders/check-progress/{unknown}", OnlyApi(Answer.NotFound, Actor.PurchaserA)),
        new("GET", "/api/unit-orders/drafts", "/api/unit-orders/drafts", OnlyApi(Answer.Ok, Actor.PurchaserA)),
        new("POST", "/api/unit-orders/drafts", "/api/unit-orders/drafts", OnlyApi(Answer.BadRequest, Actor.PurchaserA)),
        new("GET", "/api/unit-orders/drafts/{draftId:guid}", "/api/unit-orders/drafts/{unknown}", OnlyApi(Answer.NotFound, Actor.PurchaserA)),
        new("PUT", "/api/unit-orders/drafts/{draftId:guid}", "/api/unit-orders/drafts/{unknown}", OnlyApi(Answer.BadRequest, Actor.PurchaserA)),
        new("DELETE", "/api/unit-orders/drafts/{draftId:guid}", "/api/unit-orders/drafts/{unknown}", OnlyApi(Answer.NotFound, Actor.PurchaserA)),

        // After-sales: the buyer asks (others find nothing), the supplier's members answer, operators decide.
        new("POST", "/api/orders/{orderId:guid}/after-sales", "/api/orders/{unknown}/after-sales", SignedInApi(Answer.BadRequest)),
        new("GET", "/api/orders/{orderId:guid}/after-sales", "/api/orders/{unknown}/after-sales", a => a switch { Actor.Anonymous => Answer.Unauthorized, Actor.Operator => Answer.Ok, _ => Answer.NotFound }),
        // Payments: Stripe's webhook is anonymous by design (its signature authenticates it; an unsigned body is refused);
        // the buyer pays their own order; the test-payment page shows only the buyer's own test payment.
        new("POST", "/api/payments/stripe/webhook", "/api/payments/stripe/webhook", Everyone(Answer.BadRequest)),
        new("POST", "/api/orders/{orderId:guid}/payments/checkout", "/api/orders/{unknown}/payments/checkout", SignedInApi(Answer.NotFound)),
        new("GET", "/api/orders/{orderId:guid}/payments", "/api/orders/{unknown}/payments", a => a switch { Actor.Anonymous => Answer.Unauthorized, Actor.Operator => Answer.Ok, _ => Answer.NotFound }),
        new("GET", "/payments/test/{paymentId:guid}", "/payments/test/{unknown}", SignedInPage(Answer.NotFound)),
        new("GET", "/operator/payments", "/operator/payments", OperatorsPage(Answer.Ok)),
        // Corporate transfers: finance of a unit records (an unknown order is not found); operators confirm receipt.
        new("POST", "/api/orders/{orderId:guid}/payments/transfer", "/api/orders/{unknown}/payments/transfer", a => a switch { Actor.Anonymous => Answer.Unauthorized, _ => Answer.Forbidden }),
        new("POST", "/api/payments/{paymentId:guid}/confirm-receipt", "/api/payments/{unknown}/confirm-receipt", SignedInApi(Answer.NotFound)),
        new("GET", "/api/operator/payments/reconciliation", "/api/operator/payments/reconciliation", OperatorsApi(Answer.Ok)),
        new("GET", "/api/operator/payments/reconciliation.csv", "/api/operator/payments/reconciliation.csv", OperatorsApi(Answer.Ok)),
        new("GET", "/api/operator/payments/transfer-refunds", "/api/operator/payments/transfer-refunds", OperatorsApi(Answer.Ok)),
        new("POST", "/api/payments/refunds/{refundId:guid}/paid-back", "/api/payments/refunds/{unknown}/paid-back", SignedInApi(Answer.BadRequest)),
        // Monthly statements: a unit's admins and finance read their unit and those below it, operators any unit.
        new("GET", "/unit/statements", "/unit/statements", OnlyPage(Answer.Ok, Actor.UnitAdminA, Actor.Operator)),
        new("GET", "/unit/statements", "/unit/statements?month=2026-10&unitId={changan}", OnlyPage(Answer.Ok, Actor.UnitAdminA, Actor.Operator)),
        new("GET", "/unit/statements", "/unit/statements?unitId={jialing}", OnlyPage(Answer.Ok, Actor.Operator)),
        new("GET", "/api/units/{unitId:guid}/statements/{month}", "/api/units/{changan}/statements/2026-10", OnlyApi(Answer.Ok, Actor.UnitAdminA, Actor.Operator)),
        new("GET", "/api/units/{unitId:guid}/statements/{month}", "/api/units/{jialing}/statements/2026-10", OnlyApi(Answer.Ok, Actor.Operator)),
        new("GET", "/api/units/{unitId:guid}/statements/{month}", "/api/units/{unknown}/statements/2026-10", OnlyApi(Answer.NotFound, Actor.Operator)),
        new("GET", "/api/units/{unitId:guid}/statements/{month}", "/api/units/{changan}/statements/2026-13", OnlyApi(Answer.BadRequest, Actor.UnitAdminA, Actor.Operator)),
        new("GET", "/api/units/{unitId:guid}/statements/{month}/export", "/api/units/{changan}/statements/2026-10/export?format=csv", OnlyApi(Answer.Ok, Actor.UnitAdminA, Actor.Operator)),
        new("GET", "/api/units/{unitId:guid}/statements/{month}/export", "/api/units/{jialing}/statements/2026-10/export", OnlyApi(Answer.Ok, Actor.Operator)),
        new("GET", "/api/units/{unitId:guid}/statements/{month}/export", "/api/units/{changan}/statements/2026-10/export?format=pdf", OnlyApi(Answer.BadRequest, Actor.UnitAdminA, Actor.Operator)),
        new("POST", "/api/orders/{orderId:guid}/after-sales/{requestId:guid}/photos", "/api/orders/{unknown}/after-sales/{unknown}/photos", SignedInApi(Answer.UnsupportedMediaType)),
        new("GET", "/api/orders/{orderId:guid}/after-sales/{requestId:guid}/photos/{photoId:guid}", "/api/orders/{unknown}/after-sales/{unknown}/photos/{unknown}", SignedInApi(Answer.NotFound)),
        new("POST", "/api/orders/{orderId:guid}/after-sales/{requestId:guid}/escalate", "/api/orders/{unknown}/after-sales/{unknown}/escalate", SignedInApi(Answer.NotFound)),
        new("GET", "/api/suppliers/{supplierId:guid}/after-sales", "/api/suppliers/{yanshan}/after-sales", OnlyApi(Answer.Ok, Actor.SupplierXStaff, Actor.Operator)),
        new("POST", "/api/suppliers/{supplierId:guid}/after-sales/{requestId:guid}/agree", "/api/suppliers/{yanshan}/after-sales/{unknown}/agree", OnlyApi(Answer.NotFound, Actor.SupplierXStaff)),
        new("POST", "/api/suppliers/{supplierId:guid}/after-sales/{requestId:guid}/decline", "/api/suppliers/{luxi}/after-sales/{unknown}/decline", OnlyApi(Answer.BadRequest, Actor.SupplierYStaff)),
        new("GET", "/api/operator/after-sales", "/api/operator/after-sales", OperatorsApi(Answer.Ok)),
        new("POST", "/api/operator/after-sales/{requestId:guid}/decide", "/api/operator/after-sales/{unknown}/decide", OperatorsApi(Answer.BadRequest)),
        new("GET", "/supplier/after-sales", "/supplier/after-sales", OnlyPage(Answer.Ok, Actor.SupplierXStaff, Actor.SupplierYStaff)),
        new("GET", "/operator/after-sales", "/operator/after-sales", OperatorsPage(Answer.Ok)),
        // Listing review: operators only. Bodies of {} are refused by validation before anything is looked up.
        new("GET", "/operator/listings", "/operator/listings", OperatorsPage(Answer.Ok)),
        new("GET", "/api/listings/review-queue", "/api/listings/review-queue", OperatorsApi(Answer.Ok)),
        new("GET", "/api/listings/{listingId:guid}", "/api/listings/{unknown}", OperatorsApi(Answer.NotFound)),
        new("POST", "/api/listings/{listingId:guid}/review", "/api/listings/{unknown}/review", OperatorsApi(Answer.BadRequest)),
        new("GET", "/api/listings/{listingId:guid}/images/{imageId:guid}/{variant}", "/api/listings/{unknown}/images/{unknown}/thumbnail", OperatorsApi(Answer.NotFound)),
        new("PUT", "/api/suppliers/{supplierId:guid}/auto-approve-listings", "/api/suppliers/{yanshan}/auto-approve-listings", OperatorsApi(Answer.BadRequest)),
        // Supplier listings: its members (admins and staff) manage them; operators read them; another supplier's members are refused.
        new("GET", "/supplier/listings", "/supplier/listings", OnlyPage(Answer.Ok, Actor.SupplierXStaff, Actor.SupplierYStaff)),
        new("GET", "/supplier/listing-edit/{id:guid?}", "/supplier/listing-edit", OnlyPage(Answer.Ok, Actor.SupplierXStaff, Actor.SupplierYStaff)),
        new("GET", "/supplier/listing-edit/{id:guid?}", "/supplier/listing-edit/{unknown}", OnlyPage(Answer.NotFound, Actor.SupplierXStaff, Actor.SupplierYStaff)),
        new("GET", "/supplier/listing-import", "/supplier/listing-import", OnlyPage(Answer.Ok, Actor.SupplierXStaff, Actor.SupplierYStaff)),
        new("GET", "/api/suppliers/{supplierId:guid}/listings", "/api/suppliers/{yanshan}/listings", OnlyApi(Answer.Ok, Actor.SupplierXStaff, Actor.Operator)),
        new("GET", "/api/suppliers/{supplierId:guid}/listings", "/api/suppliers/{luxi}/listings", OnlyApi(Answer.Ok, Actor.SupplierYStaff, Actor.Operator)),
        new("POST", "/api/suppliers/{supplierId:guid}/listings", "/api/suppliers/{yanshan}/listings", OnlyApi(Answer.BadRequest, Actor.SupplierXStaff)),
        new("GET", "/api/suppliers/{supplierId:guid}/listings/{listingId:guid}", "/api/suppliers/{yanshan}/listings/{unknown}", OnlyApi(Answer.NotFound, Actor.SupplierXStaff, Actor.Operator)),
        new("PUT", "/api/suppliers/{supplierId:guid}/listings/{listingId:guid}", "/api/suppliers/{yanshan}/listings/{unknown}", OnlyApi(Answer.BadRequest, Actor.SupplierXStaff)),
        new("PUT", "/api/suppliers/{supplierId:guid}/listings/{listingId:guid}/skus", "/api/suppliers/{yanshan}/listings/{unknown}/skus", OnlyApi(Answer.BadRequest, Actor.SupplierXStaff)),
        new("PUT", "/api/suppliers/{supplierId:guid}/listings/{listingId:guid}/skus/{skuCode}/stock", "/api/suppliers/{yanshan}/listings/{unknown}/skus/A-1/stock", OnlyApi(Answer.BadRequest, Actor.SupplierXStaff)),
        new("POST", "/api/suppliers/{supplierId:guid}/listings/{listingId:guid}/submit", "/api/suppliers/{yanshan}/listings/{unknown}/submit", OnlyApi(Answer.NotFound, Actor.SupplierXStaff)),
        new("POST", "/api/suppliers/{supplierId:guid}/listings/{listingId:guid}/publish", "/api/suppliers/{yanshan}/listings/{unknown}/publish", OnlyApi(Answer.NotFound, Actor.SupplierXStaff)),
        new("POST", "/api/suppliers/{supplierId:guid}/listings/{listingId:guid}/unlist", "/api/suppliers/{luxi}/listings/{unknown}/unlist", OnlyApi(Answer.NotFound, Actor.SupplierYStaff)),
        new("POST", "/api/suppliers/{supplierId:guid}/listings/{listingId:guid}/images", "/api/suppliers/{yanshan}/listings/{unknown}/images", OnlyApi(Answer.UnsupportedMediaType, Actor.SupplierXStaff)),
        new("DELETE", "/api/suppliers/{supplierId:guid}/listings/{listingId:guid}/images/{imageId:guid}", "/api/suppliers/{yanshan}/listings/{unknown}/images/{unknown}", OnlyApi(Answer.NotFound, Actor.SupplierXStaff)),
        new("PUT", "/api/suppliers/{supplierId:guid}/listings/{listingId:guid}/cover", "/api/suppliers/{yanshan}/listings/{unknown}/cover", OnlyApi(Answer.BadRequest, Actor.SupplierXStaff)),
        new("GET", "/api/suppliers/{supplierId:guid}/listings/{listingId:guid}/images/{imageId:guid}/{variant}", "/api/suppliers/{yanshan}/listings/{unknown}/images/{unknown}/display", OnlyApi(Answer.NotFound, Actor.SupplierXStaff, Actor.Operator)),
        new("GET", "/api/suppliers/{supplierId:guid}/listings/export", "/api/suppliers/{yanshan}/listings/export", OnlyApi(Answer.Ok, Actor.SupplierXStaff, Actor.Operator)),
        new("POST", "/api/suppliers/{supplierId:guid}/listings/import", "/api/suppliers/{yanshan}/listings/import", OnlyApi(Answer.UnsupportedMediaType, Actor.SupplierXStaff)),
        new("POST", "/api/suppliers/{supplierId:guid}/listings/stock-import", "/api/suppliers/{luxi}/listings/stock-import", OnlyApi(Answer.UnsupportedMediaType, Actor.SupplierYStaff)),
        // The storefront: anonymous read by design; an unknown product or image is not found for everyone alike.
        new("GET", "/products", "/products", Everyone(Answer.Ok)),
        new("GET", "/products/{id:guid}", "/products/{unknown}", Everyone(Answer.NotFound)),
        new("GET", "/api/storefront/products", "/api/storefront/products", Everyone(Answer.Ok)),
        new("GET", "/api/storefront/products", "/api/storefront/products?limit=0", Everyone(Answer.BadRequest)),
        new("GET", "/api/storefront/products/{id:guid}", "/api/storefront/products/{unknown}", Everyone(Answer.NotFound)),
        new("GET", "/api/storefront/facets", "/api/storefront/facets", Everyone(Answer.Ok)),
        new("GET", "/api/storefront/images/{imageId:guid}/{hash}/{variant}", "/api/storefront/images/{unknown}/0123456789abcdef/display", Everyone(Answer.NotFound)),

        // Unit targets: operators see every unit; a unit's members (and the units above it) read its own; operators and
        // the admins of its parent set it — never the unit's own admin. Bodies of {} are refused by validation.
        new("GET", "/api/targets", "/api/targets", OperatorsApi(Answer.Ok)),
        new("GET", "/api/targets", "/api/targets?year=1999", OperatorsApi(Answer.BadRequest)),
        new("GET", "/api/units/{unitId:guid}/target", "/api/units/{changan}/target", UnitReaders(Answer.Ok, Actor.EmployeeA, Actor.PurchaserA, Actor.ApproverA, Actor.UnitAdminA)),
        new("GET", "/api/units/{unitId:guid}/target", "/api/units/{changanUnion}/target", UnitReaders(Answer.Ok, Actor.EmployeeA, Actor.PurchaserA, Actor.ApproverA, Actor.UnitAdminA)),
        new("GET", "/api/units/{unitId:guid}/target", "/api/units/{jialing}/target", UnitReaders(Answer.Ok, Actor.EmployeeB)),
        new("GET", "/api/units/{unitId:guid}/target", "/api/units/{unknown}/target", UnitReaders(Answer.NotFound)),
        new("PUT", "/api/units/{unitId:guid}/target/{year:int}", "/api/units/{changan}/target/2026", OperatorsApi(Answer.BadRequest)),
        new("PUT", "/api/units/{unitId:guid}/target/{year:int}", "/api/units/{changanUnion}/target/2026", OnlyApi(Answer.BadRequest, Actor.UnitAdminA, Actor.Operator)),
        new("GET", "/operator/targets", "/operator/targets", OperatorsPage(Answer.Ok)),
        new("GET", "/unit/assistance", "/unit/assistance", OnlyPage(Answer.Ok, Actor.EmployeeA, Actor.EmployeeB, Actor.PurchaserA, Actor.ApproverA, Actor.UnitAdminA)),

        // Impact: a buyer's own year, an order's counties (its buyer and operators), a unit's year and certificate (as its target).
        new("GET", "/api/me/impact", "/api/me/impact", SignedInApi(Answer.Ok)),
        new("GET", "/api/me/impact", "/api/me/impact?year=2101", SignedInApi(Answer.BadRequest)),
        new("GET", "/my/assistance", "/my/assistance", SignedInPage(Answer.Ok)),
        new("GET", "/api/orders/{orderId:guid}/impact", "/api/orders/{unknown}/impact", SignedInApi(Answer.NotFound)),
        new("GET", "/api/units/{unitId:guid}/impact", "/api/units/{changan}/impact", UnitReaders(Answer.Ok, Actor.EmployeeA, Actor.PurchaserA, Actor.ApproverA, Actor.UnitAdminA)),
        new("GET", "/api/units/{unitId:guid}/impact", "/api/units/{unknown}/impact", UnitReaders(Answer.NotFound)),
        new("GET", "/api/units/{unitId:guid}/certificate", "/api/units/{jialing}/certificate", UnitReaders(Answer.Ok, Actor.EmployeeB)),
        new("GET", "/api/units/{unitId:guid}/certificate", "/api/units/{unknown}/certificate", UnitReaders(Answer.NotFound)),

        // Help-sell campaigns: operators create and read them; anyone follows a link (an unknown code lands on the storefront).
        new("GET", "/api/campaigns", "/api/campaigns", OperatorsApi(Answer.Ok)),
        new("POST", "/api/campaigns", "/api/campaigns", OperatorsApi(Answer.BadRequest)),
        new("GET", "/operator/campaigns", "/operator/campaigns", OperatorsPage(Answer.Ok)),
        new("GET", "/c/{code}", "/c/NO-SUCH-CAMPAIGN", Everyone(Answer.Redirect)),

        // The account API: anonymous by design; an empty body is refused before anything else happens.
        new("POST", "/api/account/register", "/api/account/register", Everyone(Answer.BadRequest)),
        new("POST", "/api/account/login", "/api/account/login", Everyone(Answer.BadRequest)),
        new("POST", "/api/account/refresh", "/api/account/refresh", Everyone(Answer.BadRequest)),
        new("POST", "/api/account/forgot-password", "/api/account/forgot-password", Everyone(Answer.BadRequest)),
        new("POST", "/api/account/reset-password", "/api/account/reset-password", Everyone(Answer.BadRequest)),

        // Assistance statistics: operators read the group and any unit; a unit's admins and finance their unit and below.
        new("GET", "/api/statistics/totals/{dimension}", "/api/statistics/totals/county", OnlyApi(Answer.Ok, Actor.UnitAdminA, Actor.Operator)),
        new("GET", "/api/statistics/totals/{dimension}", "/api/statistics/totals/county?unitId={changan}", OnlyApi(Answer.Ok, Actor.UnitAdminA, Actor.Operator)),
        new("GET", "/api/statistics/totals/{dimension}", "/api/statistics/totals/month?unitId={jialing}", OnlyApi(Answer.Ok, Actor.Operator)),
        new("GET", "/api/statistics/totals/{dimension}", "/api/statistics/totals/channel?unitId={group}", OnlyApi(Answer.Ok, Actor.Operator)),
        new("GET", "/api/statistics/totals/{dimension}", "/api/statistics/totals/county?unitId={unknown}", OnlyApi(Answer.NotFound, Actor.Operator)),
        new("GET", "/api/statistics/totals/{dimension}", "/api/statistics/totals/bogus", OnlyApi(Answer.BadRequest, Actor.UnitAdminA, Actor.Operator)),
        new("GET", "/api/statistics/units", "/api/statistics/units", OnlyApi(Answer.Ok, Actor.UnitAdminA, Actor.Operator)),
        new("GET", "/api/statistics/units", "/api/statistics/units?unitId={jialing}", OnlyApi(Answer.Ok, Actor.Operator)),
        new("GET", "/api/statistics/leaderboard", "/api/statistics/leaderboard", OnlyApi(Answer.Ok, Actor.UnitAdminA, Actor.Operator)),
        new("GET", "/api/statistics/beneficiaries", "/api/statistics/beneficiaries?unitId={changan}", OnlyApi(Answer.Ok, Actor.UnitAdminA, Actor.Operator)),
        new("GET", "/api/statistics/entries", "/api/statistics/entries?dimension=county&value=532622", OnlyApi(Answer.Ok, Actor.UnitAdminA, Actor.Operator)),
        new("GET", "/api/statistics/entries", "/api/statistics/entries?unitId={jialing}", OnlyApi(Answer.Ok, Actor.Operator)),
        new("GET", "/api/statistics/entries", "/api/statistics/entries?year=1999", OnlyApi(Answer.BadRequest, Actor.UnitAdminA, Actor.Operator)),
        new("GET", "/api/statistics/report", "/api/statistics/report", OnlyApi(Answer.Ok, Actor.UnitAdminA, Actor.Operator)),
        new("GET", "/api/statistics/report", "/api/statistics/report?unitId={group}", OnlyApi(Answer.Ok, Actor.Operator)),
        new("GET", "/api/statistics/export.xlsx", "/api/statistics/export.xlsx", OnlyApi(Answer.Ok, Actor.UnitAdminA, Actor.Operator)),
        new("GET", "/api/statistics/export.csv", "/api/statistics/export.csv?sheet=County", OnlyApi(Answer.Ok, Actor.UnitAdminA, Actor.Operator)),
        new("GET", "/api/statistics/export.csv", "/api/statistics/export.csv?unitId={jialing}", OnlyApi(Answer.Ok, Actor.Operator)),
        new("GET", "/statistics", "/statistics", OnlyPage(Answer.Ok, Actor.UnitAdminA, Actor.Operator)),
        new("GET", "/statistics", "/statistics?unitId={jialing}", OnlyPage(Answer.Ok, Actor.Operator)),
        new("GET", "/statistics/entries", "/statistics/entries?dimension=County&value=532622", OnlyPage(Answer.Ok, Actor.UnitAdminA, Actor.Operator)),
        new("GET", "/statistics/entries", "/statistics/entries?unitId={unknown}", OnlyPage(Answer.NotFound, Actor.Operator)),
        new("GET", "/statistics/report", "/statistics/report", OnlyPage(Answer.Ok, Actor.UnitAdminA, Actor.Operator)),
    ];

    protected override MarketplaceWebFactory CreateFactory() =>
        new(new Dictionary<string, string?> { ["DemoData:Enabled"] = "true" });

    [OneTimeSetUp]
    public async Task SignInEveryActor()
    {
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var organizations = await scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>().Organizations
                .Select(o => new { o.Id, o.Name, o.Kind }).ToListAsync();
            _ids["group"] = organizations.Single(o => o.Kind == OrganizationKind.Group).Id;
            _ids["changan"] = organizations.Single(o => o.Name == DemoAccounts.Changan).Id;
            _ids["jialing"] = organizations.Single(o => o.Name == DemoAccounts.Jialing).Id;
            _ids["changanUnion"] = organizations.Single(o => o.Name == "长安汽车工会").Id;
            _ids["yanshan"] = organizations.Single(o => o.Name == DemoAccounts.YanshanCooperative).Id;
            _ids["luxi"] = organizations.Single(o => o.Name == DemoAccounts.LuxiPearFirm).Id;
            _ids["unknown"] = Guid.CreateVersion7();
        }

        foreach (var (actor, client) in await DemoSignIn.EveryActorAsync(Factory))
        {
            _clients[actor] = client;
        }
    }

    [OneTimeTearDown]
    public void DisposeClients()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }

    [Test]
    public void Every_endpoint_is_in_the_matrix()
    {
        var endpoints = Endpoints();
        var rows = Matrix().Select(r => r.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);

        var missing = endpoints.Where(e => !rows.Contains(e)).ToList();
        var stale = rows.Where(r => !endpoints.Contains(r)).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(missing, Is.Empty, "Endpoints not in the authorization matrix; add a row for each to AuthorizationMatrixTests.Matrix:");
            Assert.That(stale, Is.Empty, "Rows of the matrix for endpoints that no longer exist:");
        });
    }

    [Test]
    public async Task Every_actor_gets_the_expected_answer_from_every_endpoint()
    {
        var failures = new List<string>();
        foreach (var row in Matrix())
        {
            foreach (var actor in Enum.GetValues<Actor>())
            {
                var expected = row.Expect(actor);
                var url = Url(row.Url, actor);
                using var response = await SendAsync(_clients[actor], row.Method, url);
                if (!Matches(response, expected))
                {
                    failures.Add($"{actor,-15} {row.Method} {url}: expected {expected}, got {(int)response.StatusCode} {response.Headers.Location}");
                }
            }
        }

        Assert.That(failures, Is.Empty, "Answers that differ from the matrix:\n" + string.Join("\n", failures));
    }

    [Test]
    public async Task The_membership_claims_decide_and_a_page_of_another_role_is_refused()
    {
        using var denied = await _clients[Actor.ApproverA].GetAsync("/operator/units");
        using var allowed = await _clients[Actor.Operator].GetAsync("/operator/units");

        Assert.That(denied.Headers.Location?.AbsolutePath, Is.EqualTo("/account/access-denied"));
        Assert.That(await allowed.Content.ReadAsStringAsync(), Does.Contain("长安汽车").And.Contain("嘉陵特装").And.Contain("长安汽车工会"));
    }

    private static Func<Actor, Answer> Everyone(Answer answer) => _ => answer;

    private static Func<Actor, Answer> SignedInPage(Answer answer) => a => a == Actor.Anonymous ? Answer.LoginRedirect : answer;

    private static Func<Actor, Answer> SignedInApi(Answer answer) => a => a == Actor.Anonymous ? Answer.Unauthorized : answer;

    private static Func<Actor, Answer> OperatorsPage(Answer answer) =>
        a => a switch { Actor.Anonymous => Answer.LoginRedirect, Actor.Operator => answer, _ => Answer.Forbidden };

    /// <summary>Operators and <paramref name="members"/> get <paramref name="answer"/>; other signed-in users are forbidden.</summary>
    private static Func<Actor, Answer> UnitReaders(Answer answer, params Actor[] members) => OnlyApi(answer, [.. members, Actor.Operator]);

    private static Func<Actor, Answer> OperatorsApi(Answer answer) =>
        a => a switch { Actor.Anonymous => Answer.Unauthorized, Actor.Operator => answer, _ => Answer.Forbidden };

    /// <summary>Only <paramref name="allowed"/> get <paramref name="answer"/>; other signed-in users are forbidden.</summary>
    private static Func<Actor, Answer> OnlyPage(Answer answer, params Actor[] allowed) =>
        a => a == Actor.Anonymous ? Answer.LoginRedirect : allowed.Contains(a) ? answer : Answer.Forbidden;

    /// <summary>Only <paramref name="allowed"/> get <paramref name="answer"/>; other signed-in users are forbidden.</summary>
    private static Func<Actor, Answer> OnlyApi(Answer answer, params Actor[] allowed) =>
        a => a == Actor.Anonymous ? Answer.Unauthorized : allowed.Contains(a) ? answer : Answer.Forbidden;

    /// <summary>"METHOD /pattern" for every endpoint: the methods it declares, GET for pages (which declare none).</summary>
    private HashSet<string> Endpoints() =>
        Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => Row.KeyOf(m, e.RoutePattern.RawText ?? "")))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

    private string Url(string template, Actor actor)
    {
        var own = actor switch
        {
            Actor.EmployeeA or Actor.PurchaserA or Actor.ApproverA or Actor.UnitAdminA => _ids["changan"],
            Actor.EmployeeB => _ids["jialing"],
            Actor.SupplierXStaff => _ids["yanshan"],
            Actor.SupplierYStaff => _ids["luxi"],
            _ => _ids["group"],
        };
        var url = template.Replace("{own}", own.ToString(), StringComparison.Ordinal);
        foreach (var (name, id) in _ids)
        {
            url = url.Replace("{" + name + "}", id.ToString(), StringComparison.Ordinal);
        }

        return url;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string url)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        return await client.SendAsync(request);
    }

    private static bool Matches(HttpResponseMessage response, Answer expected)
    {
        var status = response.StatusCode;
        var location = response.Headers.Location is { } l ? (l.IsAbsoluteUri ? l.AbsolutePath : l.OriginalString.Split('?')[0]) : null;
        return expected switch
        {
            Answer.Ok => status == HttpStatusCode.OK,
            Answer.Created => status == HttpStatusCode.Created,
            Answer.Accepted => status == HttpStatusCode.Accepted,
            Answer.NoContent => status == HttpStatusCode.NoContent,
            Answer.Redirect => status == HttpStatusCode.Redirect && location is not ("/account/login" or "/account/access-denied"),
            Answer.LoginRedirect => status == HttpStatusCode.Redirect && location == "/account/login",
            Answer.BadRequest => status == HttpStatusCode.BadRequest,
            Answer.Unauthorized => status == HttpStatusCode.Unauthorized,
            Answer.Forbidden => status == HttpStatusCode.Forbidden || (status == HttpStatusCode.Redirect && location == "/account/access-denied"),
            Answer.NotFound => status == HttpStatusCode.NotFound,
            Answer.MethodNotAllowed => status == HttpStatusCode.MethodNotAllowed,
            Answer.UnsupportedMediaType => status == HttpStatusCode.UnsupportedMediaType,
            _ => false,
        };
    }

    private sealed record Row(string Method, string Route, string Url, Func<Actor, Answer> Expect)
    {
        public string Key => KeyOf(Method, Route);

        public static string KeyOf(string method, string route) => $"{method.ToUpperInvariant()} /{route.TrimStart('/')}";
    }
}
