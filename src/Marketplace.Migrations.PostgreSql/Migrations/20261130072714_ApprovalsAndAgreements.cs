using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class ApprovalsAndAgreements : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "agreement_id",
                table: "orders",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "approval_levels",
                columns: table => new
                {
                    unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    level = table.Column<int>(type: "integer", nullable: false),
                    threshold_fen = table.Column<long>(type: "bigint", nullable: false),
                    approver_role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                name: "order_approvals",
                columns: table => new
                {
                    order_id = table.Column<Guid>(type: "uuid", nullable: false),
                    unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    submitted_by = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    current_level = table.Column<int>(type: "integer", nullable: false),
                    levels_required = table.Column<int>(type: "integer", nullable: false),
                    started_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    revision = table.Column<int>(type: "integer", nullable: false)
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
                name: "procurement_agreements",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    buyer_organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    supplier_id = table.Column<Guid>(type: "uuid", nullable: false),
                    cap_fen = table.Column<long>(type: "bigint", nullable: false),
                    valid_from = table.Column<DateOnly>(type: "date", nullable: false),
                    valid_to = table.Column<DateOnly>(type: "date", nullable: false),
                    committed_fen = table.Column<long>(type: "bigint", nullable: false),
                    created_by = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                name: "order_approval_decisions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    order_id = table.Column<Guid>(type: "uuid", nullable: false),
                    level = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    actor_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    actor_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    total_fen = table.Column<long>(type: "bigint", nullable: false),
                    detail = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                    order_id = table.Column<Guid>(type: "uuid", nullable: false),
                    level = table.Column<int>(type: "integer", nullable: false),
                    threshold_fen = table.Column<long>(type: "bigint", nullable: false),
                    approver_role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    approved_by = table.Column<Guid>(type: "uuid", nullable: true),
                    approved_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
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
                name: "agreement_call_offs",
                columns: table => new
                {
                    order_id = table.Column<Guid>(type: "uuid", nullable: false),
                    agreement_id = table.Column<Guid>(type: "uuid", nullable: false),
                    amount_fen = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    released_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    agreement_id = table.Column<Guid>(type: "uuid", nullable: false),
                    due_on = table.Column<DateOnly>(type: "date", nullable: false),
                    sku_id = table.Column<Guid>(type: "uuid", nullable: false),
                    quantity = table.Column<int>(type: "integer", nullable: false),
                    capacity_confirmed_by = table.Column<Guid>(type: "uuid", nullable: true),
                    capacity_confirmed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    call_off_order_id = table.Column<Guid>(type: "uuid", nullable: true)
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
                    agreement_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sku_id = table.Column<Guid>(type: "uuid", nullable: false),
                    unit_price_fen = table.Column<long>(type: "bigint", nullable: false)
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

            migrationBuilder.CreateIndex(
                name: "ix_orders_agreement_id",
                table: "orders",
                column: "agreement_id");

            migrationBuilder.CreateIndex(
                name: "ix_agreement_call_offs_agreement_id",
                table: "agreement_call_offs",
                column: "agreement_id");

            migrationBuilder.CreateIndex(
                name: "ix_agreement_deliveries_agreement_id",
                table: "agreement_deliveries",
                column: "agreement_id");

            migrationBuilder.CreateIndex(
                name: "ix_order_approval_decisions_order_id",
                table: "order_approval_decisions",
                column: "order_id");

            migrationBuilder.CreateIndex(
                name: "ix_order_approvals_unit_id_status",
                table: "order_approvals",
                columns: new[] { "unit_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_procurement_agreements_buyer_organization_id",
                table: "procurement_agreements",
                column: "buyer_organization_id");

            migrationBuilder.CreateIndex(
                name: "ix_procurement_agreements_supplier_id",
                table: "procurement_agreements",
                column: "supplier_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "agreement_call_offs");

            migrationBuilder.DropTable(
                name: "agreement_deliveries");

            migrationBuilder.DropTable(
                name: "agreement_items");

            migrationBuilder.DropTable(
                name: "approval_levels");

            migrationBuilder.DropTable(
                name: "order_approval_decisions");

            migrationBuilder.DropTable(
                name: "order_approval_steps");

            migrationBuilder.DropTable(
                name: "procurement_agreements");

            migrationBuilder.DropTable(
                name: "order_approvals");

            migrationBuilder.DropIndex(
                name: "ix_orders_agreement_id",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "agreement_id",
                table: "orders");
        }
    }
}
