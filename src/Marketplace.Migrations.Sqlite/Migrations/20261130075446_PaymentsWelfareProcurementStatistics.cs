using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PaymentsWelfareProcurementStatistics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "agreement_id",
                table: "orders",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "kind",
                table: "orders",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "Standard");

            migrationBuilder.AddColumn<Guid>(
                name: "delivery_id",
                table: "order_lines",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "approval_levels",
                columns: table => new
                {
                    unit_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    level = table.Column<int>(type: "INTEGER", nullable: false),
                    threshold_fen = table.Column<long>(type: "INTEGER", nullable: false),
                    approver_role = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_approval_levels", x => new { x.unit_id, x.level });
                    table.ForeignKey(
                        name: "fk_approval_levels_organizations_unit_id",
                        column: x => x.unit_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "assistance_entry_units",
                columns: table => new
                {
                    unit_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    year = table.Column<int>(type: "INTEGER", nullable: false),
                    entry_id = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_assistance_entry_units", x => new { x.unit_id, x.year, x.entry_id });
                });

            migrationBuilder.CreateTable(
                name: "assistance_scope_totals",
                columns: table => new
                {
                    year = table.Column<int>(type: "INTEGER", nullable: false),
                    unit_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    dimension = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    dimension_value = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    amount_fen = table.Column<long>(type: "INTEGER", nullable: false),
                    quantity = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_assistance_scope_totals", x => new { x.year, x.unit_id, x.dimension, x.dimension_value });
                });

            migrationBuilder.CreateTable(
                name: "assistance_unit_channel_totals",
                columns: table => new
                {
                    year = table.Column<int>(type: "INTEGER", nullable: false),
                    unit_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    channel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    measure = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    subtree_fen = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_assistance_unit_channel_totals", x => new { x.year, x.unit_id, x.channel, x.measure });
                });

            migrationBuilder.CreateTable(
                name: "campaigns",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    normalized_code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    starts_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ends_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    cookie_days = table.Column<int>(type: "INTEGER", nullable: false),
                    landing_listing_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    created_by_user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_campaigns", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "order_approvals",
                columns: table => new
                {
                    order_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    unit_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    submitted_by = table.Column<Guid>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    current_level = table.Column<int>(type: "INTEGER", nullable: false),
                    levels_required = table.Column<int>(type: "INTEGER", nullable: false),
                    started_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_order_approvals", x => x.order_id);
                    table.ForeignKey(
                        name: "fk_order_approvals_orders_order_id",
                        column: x => x.order_id,
                        principalTable: "orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "order_deliveries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    order_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    position = table.Column<int>(type: "INTEGER", nullable: false),
                    label = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    address_line = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    address_phone = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    address_postal_code = table.Column<string>(type: "TEXT", maxLength: 6, nullable: true),
                    address_recipient = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    address_region = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_order_deliveries", x => x.id);
                    table.ForeignKey(
                        name: "fk_order_deliveries_orders_order_id",
                        column: x => x.order_id,
                        principalTable: "orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "payments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    order_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    buyer_user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    method = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    amount_fen = table.Column<long>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    external_reference = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    provider_payment_id = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    checkout_url = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    succeeded_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ended_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    refunded_fen = table.Column<long>(type: "INTEGER", nullable: false),
                    revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payments", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "procurement_agreements",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    buyer_organization_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    supplier_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    cap_fen = table.Column<long>(type: "INTEGER", nullable: false),
                    valid_from = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    valid_to = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    committed_fen = table.Column<long>(type: "INTEGER", nullable: false),
                    created_by = table.Column<Guid>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_procurement_agreements", x => x.id);
                    table.ForeignKey(
                        name: "fk_procurement_agreements_organizations_buyer_organization_id",
                        column: x => x.buyer_organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_procurement_agreements_organizations_supplier_id",
                        column: x => x.supplier_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "roster_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    order_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    line = table.Column<int>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    employee_number = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    department = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    sku_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    quantity = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_roster_entries", x => x.id);
                    table.ForeignKey(
                        name: "fk_roster_entries_orders_order_id",
                        column: x => x.order_id,
                        principalTable: "orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "stripe_events",
                columns: table => new
                {
                    event_id = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    received_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stripe_events", x => x.event_id);
                });

            migrationBuilder.CreateTable(
                name: "unit_order_drafts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    unit_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    content = table.Column<string>(type: "TEXT", nullable: false),
                    po_number = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_unit_order_drafts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "unit_targets",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    unit_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    year = table.Column<int>(type: "INTEGER", nullable: false),
                    basis = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    target_fen = table.Column<long>(type: "INTEGER", nullable: false),
                    amount_fen = table.Column<long>(type: "INTEGER", nullable: true),
                    base_fen = table.Column<long>(type: "INTEGER", nullable: true),
                    share_basis_points = table.Column<int>(type: "INTEGER", nullable: true),
                    counted_channels = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    counted_measures = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    set_by_user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    set_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_unit_targets", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "welfare_programmes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    unit_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    amount_per_employee_fen = table.Column<long>(type: "INTEGER", nullable: false),
                    valid_from = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    valid_until = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    starts_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    expires_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    eligible_county_codes = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    eligible_regions = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    eligible_categories = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    created_by_user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_welfare_programmes", x => x.id);
                    table.CheckConstraint("ck_welfare_programmes_amount_positive", "amount_per_employee_fen > 0");
                    table.ForeignKey(
                        name: "fk_welfare_programmes_organizations_unit_id",
                        column: x => x.unit_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "order_approval_decisions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    order_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    level = table.Column<int>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    actor_user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    actor_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    total_fen = table.Column<long>(type: "INTEGER", nullable: false),
                    detail = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_order_approval_decisions", x => x.id);
                    table.ForeignKey(
                        name: "fk_order_approval_decisions_order_approvals_order_id",
                        column: x => x.order_id,
                        principalTable: "order_approvals",
                        principalColumn: "order_id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "order_approval_steps",
                columns: table => new
                {
                    order_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    level = table.Column<int>(type: "INTEGER", nullable: false),
                    threshold_fen = table.Column<long>(type: "INTEGER", nullable: false),
                    approver_role = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    approved_by = table.Column<Guid>(type: "TEXT", nullable: true),
                    approved_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_order_approval_steps", x => new { x.order_id, x.level });
                    table.ForeignKey(
                        name: "fk_order_approval_steps_order_approvals_order_id",
                        column: x => x.order_id,
                        principalTable: "order_approvals",
                        principalColumn: "order_id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "payment_refunds",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    payment_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    order_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    method = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    amount_fen = table.Column<long>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    cause = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    external_reference = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    completed_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payment_refunds", x => x.id);
                    table.ForeignKey(
                        name: "fk_payment_refunds_payments_payment_id",
                        column: x => x.payment_id,
                        principalTable: "payments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "agreement_call_offs",
                columns: table => new
                {
                    order_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    agreement_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    amount_fen = table.Column<long>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    released_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agreement_call_offs", x => x.order_id);
                    table.ForeignKey(
                        name: "fk_agreement_call_offs_procurement_agreement_agreement_id",
                        column: x => x.agreement_id,
                        principalTable: "procurement_agreements",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "agreement_deliveries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    agreement_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    due_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    sku_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    capacity_confirmed_by = table.Column<Guid>(type: "TEXT", nullable: true),
                    capacity_confirmed_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    call_off_order_id = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agreement_deliveries", x => x.id);
                    table.ForeignKey(
                        name: "fk_agreement_deliveries_procurement_agreements_agreement_id",
                        column: x => x.agreement_id,
                        principalTable: "procurement_agreements",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "agreement_items",
                columns: table => new
                {
                    agreement_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    sku_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    unit_price_fen = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agreement_items", x => new { x.agreement_id, x.sku_id });
                    table.ForeignKey(
                        name: "fk_agreement_items_procurement_agreements_agreement_id",
                        column: x => x.agreement_id,
                        principalTable: "procurement_agreements",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "welfare_wallets",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    programme_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    unit_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    balance_fen = table.Column<long>(type: "INTEGER", nullable: false),
                    starts_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    expires_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    granted_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_welfare_wallets", x => x.id);
                    table.CheckConstraint("ck_welfare_wallets_balance_not_negative", "balance_fen >= 0");
                    table.ForeignKey(
                        name: "fk_welfare_wallets_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_welfare_wallets_welfare_programmes_programme_id",
                        column: x => x.programme_id,
                        principalTable: "welfare_programmes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "welfare_ledger_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    wallet_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    programme_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    amount_fen = table.Column<long>(type: "INTEGER", nullable: false),
                    order_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    order_line_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    refund_key = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    actor_user_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_welfare_ledger_entries", x => x.id);
                    table.ForeignKey(
                        name: "fk_welfare_ledger_entries_welfare_wallets_wallet_id",
                        column: x => x.wallet_id,
                        principalTable: "welfare_wallets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_orders_agreement_id",
                table: "orders",
                column: "agreement_id");

            migrationBuilder.CreateIndex(
                name: "ix_order_lines_delivery_id",
                table: "order_lines",
                column: "delivery_id");

            migrationBuilder.CreateIndex(
                name: "ix_assistance_entries_campaign_code",
                table: "assistance_entries",
                column: "campaign_code");

            migrationBuilder.CreateIndex(
                name: "ix_assistance_entries_year_buyer_user_id",
                table: "assistance_entries",
                columns: new[] { "year", "buyer_user_id" });

            migrationBuilder.CreateIndex(
                name: "ix_agreement_call_offs_agreement_id",
                table: "agreement_call_offs",
                column: "agreement_id");

            migrationBuilder.CreateIndex(
                name: "ix_agreement_deliveries_agreement_id",
                table: "agreement_deliveries",
                column: "agreement_id");

            migrationBuilder.CreateIndex(
                name: "ix_campaigns_normalized_code",
                table: "campaigns",
                column: "normalized_code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_order_approval_decisions_order_id",
                table: "order_approval_decisions",
                column: "order_id");

            migrationBuilder.CreateIndex(
                name: "ix_order_approvals_unit_id_status",
                table: "order_approvals",
                columns: new[] { "unit_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_order_deliveries_order_id",
                table: "order_deliveries",
                column: "order_id");

            migrationBuilder.CreateIndex(
                name: "ix_payment_refunds_external_reference",
                table: "payment_refunds",
                column: "external_reference");

            migrationBuilder.CreateIndex(
                name: "ix_payment_refunds_order_id",
                table: "payment_refunds",
                column: "order_id");

            migrationBuilder.CreateIndex(
                name: "ix_payment_refunds_payment_id",
                table: "payment_refunds",
                column: "payment_id");

            migrationBuilder.CreateIndex(
                name: "ix_payments_created_at",
                table: "payments",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_payments_method_external_reference",
                table: "payments",
                columns: new[] { "method", "external_reference" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_payments_order_id",
                table: "payments",
                column: "order_id");

            migrationBuilder.CreateIndex(
                name: "ix_payments_provider_payment_id",
                table: "payments",
                column: "provider_payment_id");

            migrationBuilder.CreateIndex(
                name: "ix_procurement_agreements_buyer_organization_id",
                table: "procurement_agreements",
                column: "buyer_organization_id");

            migrationBuilder.CreateIndex(
                name: "ix_procurement_agreements_supplier_id",
                table: "procurement_agreements",
                column: "supplier_id");

            migrationBuilder.CreateIndex(
                name: "ix_roster_entries_order_id",
                table: "roster_entries",
                column: "order_id");

            migrationBuilder.CreateIndex(
                name: "ix_unit_order_drafts_user_id_updated_at",
                table: "unit_order_drafts",
                columns: new[] { "user_id", "updated_at" });

            migrationBuilder.CreateIndex(
                name: "ix_unit_targets_unit_id_year",
                table: "unit_targets",
                columns: new[] { "unit_id", "year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_unit_targets_year",
                table: "unit_targets",
                column: "year");

            migrationBuilder.CreateIndex(
                name: "ix_welfare_ledger_entries_one_refund",
                table: "welfare_ledger_entries",
                columns: new[] { "order_id", "refund_key", "order_line_id", "wallet_id", "kind" },
                unique: true,
                filter: "refund_key IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_welfare_ledger_entries_one_spend",
                table: "welfare_ledger_entries",
                columns: new[] { "order_id", "order_line_id", "wallet_id" },
                unique: true,
                filter: "kind = 'Spend'");

            migrationBuilder.CreateIndex(
                name: "ix_welfare_ledger_entries_programme_id_kind",
                table: "welfare_ledger_entries",
                columns: new[] { "programme_id", "kind" });

            migrationBuilder.CreateIndex(
                name: "ix_welfare_ledger_entries_wallet_id_at",
                table: "welfare_ledger_entries",
                columns: new[] { "wallet_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_welfare_programmes_status_expires_at",
                table: "welfare_programmes",
                columns: new[] { "status", "expires_at" });

            migrationBuilder.CreateIndex(
                name: "ix_welfare_programmes_unit_id_created_at",
                table: "welfare_programmes",
                columns: new[] { "unit_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_welfare_wallets_due",
                table: "welfare_wallets",
                column: "expires_at",
                filter: "balance_fen > 0");

            migrationBuilder.CreateIndex(
                name: "ix_welfare_wallets_programme_id_user_id",
                table: "welfare_wallets",
                columns: new[] { "programme_id", "user_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_welfare_wallets_user_id_expires_at",
                table: "welfare_wallets",
                columns: new[] { "user_id", "expires_at" });

            migrationBuilder.AddForeignKey(
                name: "fk_order_lines_order_deliveries_delivery_id",
                table: "order_lines",
                column: "delivery_id",
                principalTable: "order_deliveries",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_order_lines_order_deliveries_delivery_id",
                table: "order_lines");

            migrationBuilder.DropTable(
                name: "agreement_call_offs");

            migrationBuilder.DropTable(
                name: "agreement_deliveries");

            migrationBuilder.DropTable(
                name: "agreement_items");

            migrationBuilder.DropTable(
                name: "approval_levels");

            migrationBuilder.DropTable(
                name: "assistance_entry_units");

            migrationBuilder.DropTable(
                name: "assistance_scope_totals");

            migrationBuilder.DropTable(
                name: "assistance_unit_channel_totals");

            migrationBuilder.DropTable(
                name: "campaigns");

            migrationBuilder.DropTable(
                name: "order_approval_decisions");

            migrationBuilder.DropTable(
                name: "order_approval_steps");

            migrationBuilder.DropTable(
                name: "order_deliveries");

            migrationBuilder.DropTable(
                name: "payment_refunds");

            migrationBuilder.DropTable(
                name: "roster_entries");

            migrationBuilder.DropTable(
                name: "stripe_events");

            migrationBuilder.DropTable(
                name: "unit_order_drafts");

            migrationBuilder.DropTable(
                name: "unit_targets");

            migrationBuilder.DropTable(
                name: "welfare_ledger_entries");

            migrationBuilder.DropTable(
                name: "procurement_agreements");

            migrationBuilder.DropTable(
                name: "order_approvals");

            migrationBuilder.DropTable(
                name: "payments");

            migrationBuilder.DropTable(
                name: "welfare_wallets");

            migrationBuilder.DropTable(
                name: "welfare_programmes");

            migrationBuilder.DropIndex(
                name: "ix_orders_agreement_id",
                table: "orders");

            migrationBuilder.DropIndex(
                name: "ix_order_lines_delivery_id",
                table: "order_lines");

            migrationBuilder.DropIndex(
                name: "ix_assistance_entries_campaign_code",
                table: "assistance_entries");

            migrationBuilder.DropIndex(
                name: "ix_assistance_entries_year_buyer_user_id",
                table: "assistance_entries");

            migrationBuilder.DropColumn(
                name: "agreement_id",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "kind",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "delivery_id",
                table: "order_lines");
        }
    }
}
