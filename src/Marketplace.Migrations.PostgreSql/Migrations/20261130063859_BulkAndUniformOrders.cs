using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class BulkAndUniformOrders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "kind",
                table: "orders",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Standard");

            migrationBuilder.AddColumn<Guid>(
                name: "delivery_id",
                table: "order_lines",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "order_deliveries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    order_id = table.Column<Guid>(type: "uuid", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    label = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    address_line = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    address_phone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    address_postal_code = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: true),
                    address_recipient = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    address_region = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false)
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
                name: "roster_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    order_id = table.Column<Guid>(type: "uuid", nullable: false),
                    line = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    employee_number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    department = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    sku_id = table.Column<Guid>(type: "uuid", nullable: false),
                    quantity = table.Column<int>(type: "integer", nullable: false)
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
                name: "unit_order_drafts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    name = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    content = table.Column<string>(type: "text", nullable: false),
                    po_number = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_unit_order_drafts", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_order_lines_delivery_id",
                table: "order_lines",
                column: "delivery_id");

            migrationBuilder.CreateIndex(
                name: "ix_order_deliveries_order_id",
                table: "order_deliveries",
                column: "order_id");

            migrationBuilder.CreateIndex(
                name: "ix_roster_entries_order_id",
                table: "roster_entries",
                column: "order_id");

            migrationBuilder.CreateIndex(
                name: "ix_unit_order_drafts_user_id_updated_at",
                table: "unit_order_drafts",
                columns: new[] { "user_id", "updated_at" });

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
                name: "order_deliveries");

            migrationBuilder.DropTable(
                name: "roster_entries");

            migrationBuilder.DropTable(
                name: "unit_order_drafts");

            migrationBuilder.DropIndex(
                name: "ix_order_lines_delivery_id",
                table: "order_lines");

            migrationBuilder.DropColumn(
                name: "kind",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "delivery_id",
                table: "order_lines");
        }
    }
}
