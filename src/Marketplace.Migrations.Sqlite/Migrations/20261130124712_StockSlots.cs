using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Migrations.Sqlite.Migrations
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
                    sku_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    slot = table.Column<int>(type: "INTEGER", nullable: false),
                    stock = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_listing_sku_stock_slots", x => new { x.sku_id, x.slot });
                    table.CheckConstraint("ck_listing_sku_stock_slots_stock_not_negative", "stock >= 0");
                    table.ForeignKey(
                        name: "fk_listing_sku_stock_slots_listing_skus_sku_id",
                        column: x => x.sku_id,
                        principalTable: "listing_skus",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "listing_sku_stock_slots");
        }
    }
}
