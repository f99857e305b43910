using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class StockSlots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "listing_sku_stock_slots",
                columns: table => new
                {
                    slot = table.Column<int>(type: "integer", nullable: false),
                    sku_id = table.Column<Guid>(type: "uuid", nullable: false),
                    pieces = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_listing_sku_stock_slots", x => new { x.sku_id, x.slot });
                    table.CheckConstraint("ck_listing_sku_stock_slots_pieces_not_negative", "pieces >= 0");
                    table.ForeignKey(
                        name: "fk_listing_sku_stock_slots_listing_skus_sku_id",
                        column: x => x.sku_id,
                        principalTable: "listing_skus",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Each SKU's stock moves whole into its first slot; the next change of stock splits it.
            migrationBuilder.Sql("INSERT INTO listing_sku_stock_slots (sku_id, slot, pieces) SELECT id, 0, stock FROM listing_skus;");

            migrationBuilder.DropCheckConstraint(
                name: "ck_listing_skus_stock_not_negative",
                table: "listing_skus");

            migrationBuilder.DropColumn(
                name: "stock",
                table: "listing_skus");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "stock",
                table: "listing_skus",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.Sql("UPDATE listing_skus SET stock = (SELECT COALESCE(SUM(p.pieces), 0) FROM listing_sku_stock_slots p WHERE p.sku_id = listing_skus.id);");

            migrationBuilder.AddCheckConstraint(
                name: "ck_listing_skus_stock_not_negative",
                table: "listing_skus",
                sql: "stock >= 0");

            migrationBuilder.DropTable(
                name: "listing_sku_stock_slots");
        }
    }
}
