using Marketplace.Core.Accounts;
using Marketplace.Core.Assistance;
using Marketplace.Core.AssistedAreas;
using Marketplace.Core.Catalog;
using Marketplace.Core.Audit;
using Marketplace.Core.Invitations;
using Marketplace.Core.Messaging;
using Marketplace.Core.Ordering;
using Marketplace.Core.Organizations;
using Marketplace.Core.Payments;
using Marketplace.Core.Suppliers;
using Marketplace.Core.Welfare;
using Marketplace.Core.WelfareCampaigns;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Core.Data;

/// <summary>The one database of the marketplace, on SQLite (embedded) or PostgreSQL (scale-out).</summary>
public sealed class MarketplaceDbContext : IdentityDbContext<MarketplaceUser, IdentityRole<Guid>, Guid>, IDataProtectionKeyContext
{
    public MarketplaceDbContext(DbContextOptions<MarketplaceDbContext> options)
        : base(options)
    {
        // Inside our transactions a failed save fails the whole transaction: every caller rolls back (or retries the
        // message), and the one step that must outlive a failure sets its own savepoint (WelfareAllowances). EF Core's
        // automatic savepoint would add two round trips (SAVEPOINT, RELEASE) to every save in a transaction: about a tenth
        // of the order service's time per order.
        Database.AutoSavepointsEnabled = false;
    }

    /// <summary>Keys for cookies and antiforgery tokens, shared by every web host through the database.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    public DbSet<Organization> Organizations => Set<Organization>();

    public DbSet<OrganizationVersion> OrganizationVersions => Set<OrganizationVersion>();

    public DbSet<Membership> Memberships => Set<Membership>();

    public DbSet<MembershipRole> MembershipRoles => Set<MembershipRole>();

    public DbSet<Invitation> Invitations => Set<Invitation>();

    public DbSet<SupplierApplication> SupplierApplications => Set<SupplierApplication>();

    public DbSet<BenefitLinkage> BenefitLinkages => Set<BenefitLinkage>();

    public DbSet<EvidenceFile> EvidenceFiles => Set<EvidenceFile>();

    public DbSet<County> Counties => Set<County>();

    public DbSet<UnitCountyAssignment> UnitCountyAssignments => Set<UnitCountyAssignment>();

    public DbSet<Listing> Listings => Set<Listing>();

    public DbSet<ListingSku> ListingSkus => Set<ListingSku>();

    public DbSet<ListingImage> ListingImages => Set<ListingImage>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<OrderLine> OrderLines => Set<OrderLine>();

    public DbSet<SubOrder> SubOrders => Set<SubOrder>();

    public DbSet<Shipment> Shipments => Set<Shipment>();

    public DbSet<CartItem> CartItems => Set<CartItem>();

    public DbSet<SavedAddress> SavedAddresses => Set<SavedAddress>();

    public DbSet<OrderDelivery> OrderDeliveries => Set<OrderDelivery>();

    public DbSet<RosterEntry> RosterEntries => Set<RosterEntry>();

    public DbSet<WelfareCampaign> WelfareCampaigns => Set<WelfareCampaign>();

    public DbSet<WelfareChoice> WelfareChoices => Set<WelfareChoice>();

    public DbSet<WelfareCampaignReminder> WelfareCampaignReminders => Set<WelfareCampaignReminder>();

    public DbSet<UnitOrderDraft> UnitOrderDrafts => Set<UnitOrderDraft>();

    public DbSet<UnitOrderCheckProgress> UnitOrderCheckProgress => Set<UnitOrderCheckProgress>();

    public DbSet<AfterSalesRequest> AfterSalesRequests => Set<AfterSalesRequest>();

    public DbSet<AfterSalesPhoto> AfterSalesPhotos => Set<AfterSalesPhoto>();

    /// <summary>Append-only: entries are added by the ledger consumers, never updated or deleted.</summary>
    public DbSet<AssistanceEntry> AssistanceEntries => Set<AssistanceEntry>();

    public DbSet<AssistanceTotal> AssistanceTotals => Set<AssistanceTotal>();

    public DbSet<AssistanceUnitTotal> AssistanceUnitTotals => Set<AssistanceUnitTotal>();

    public DbSet<AssistanceScopeTotal> AssistanceScopeTotals => Set<AssistanceScopeTotal>();

    public DbSet<AssistanceEntryUnit> AssistanceEntryUnits => Set<AssistanceEntryUnit>();
    public DbSet<Payment> Payments => Set<Payment>();

    public DbSet<PaymentRefund> PaymentRefunds => Set<PaymentRefund>();

    public DbSet<StripeEventRecord> StripeEvents => Set<StripeEventRecord>();
    public DbSet<WelfareProgramme> WelfareProgrammes => Set<WelfareProgramme>();

    /// <summary>Balances change only through <see cref="WelfareAllowances"/> and <see cref="WelfareExpirySweep"/>.</summary>
    public DbSet<WelfareWallet> WelfareWallets => Set<WelfareWallet>();

    /// <summary>Append-only: grants, spending, refunds and expiry of the welfare wallets.</summary>
    public DbSet<WelfareLedgerEntry> WelfareLedgerEntries => Set<WelfareLedgerEntry>();
    public DbSet<AssistanceUnitChannelTotal> AssistanceUnitChannelTotals => Set<AssistanceUnitChannelTotal>();

    public DbSet<UnitTarget> UnitTargets => Set<UnitTarget>();

    public DbSet<Campaigns.Campaign> Campaigns => Set<Campaigns.Campaign>();

    /// <summary>Append-only: add through <see cref="AuditLog"/>, never update or delete.</summary>
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(MarketplaceDbContext).Assembly);
    }
}
