using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Catalog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "auto_approve_listings",
                table: "supplier_applications",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "listings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    supplier_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    county_code = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 6, nullable: false),
                    product_code = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    brand = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    category = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    minimum_order_quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    shelf_life_days = table.Column<int>(type: "INTEGER", nullable: true),
                    shipping_regions = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    publish_on_approval = table.Column<bool>(type: "INTEGER", nullable: false),
                    rejection_reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    submitted_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    reviewed_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    reviewed_by_user_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    first_published_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    min_price_fen = table.Column<long>(type: "INTEGER", nullable: false),
                    sold_quantity = table.Column<long>(type: "INTEGER", nullable: false),
                    cover_image_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    search_text = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_listings", x => x.id);
                    table.ForeignKey(
                        name: "fk_listings_counties_county_code",
                        column: x => x.county_code,
                        principalTable: "counties",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_listings_organizations_supplier_id",
                        column: x => x.supplier_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "listing_images",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    listing_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    position = table.Column<int>(type: "INTEGER", nullable: false),
                    content_type = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    width = table.Column<int>(type: "INTEGER", nullable: false),
                    height = table.Column<int>(type: "INTEGER", nullable: false),
                    display = table.Column<byte[]>(type: "BLOB", nullable: false),
                    thumbnail = table.Column<byte[]>(type: "BLOB", nullable: false),
                    hash = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_listing_images", x => x.id);
                    table.ForeignKey(
                        name: "fk_listing_images_listings_listing_id",
                        column: x => x.listing_id,
                        principalTable: "listings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "listing_skus",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    listing_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    code = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    spec = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    weight_grams = table.Column<int>(type: "INTEGER", nullable: true),
                    box_size = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    garment_size = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    price_fen = table.Column<long>(type: "INTEGER", nullable: false),
                    approved_price_fen = table.Column<long>(type: "INTEGER", nullable: true),
                    reference_price_fen = table.Column<long>(type: "INTEGER", nullable: true),
                    stock = table.Column<int>(type: "INTEGER", nullable: false),
                    is_active = table.Column<bool>(type: "INTEGER", nullable: false),
                    position = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_listing_skus", x => x.id);
                    table.CheckConstraint("ck_listing_skus_stock_not_negative", "stock >= 0");
                    table.ForeignKey(
                        name: "fk_listing_skus_listings_listing_id",
                        column: x => x.listing_id,
                        principalTable: "listings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sku_volume_tiers",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    min_quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    price_fen = table.Column<long>(type: "INTEGER", nullable: false),
                    sku_id = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sku_volume_tiers", x => x.id);
                    table.ForeignKey(
                        name: "fk_sku_volume_tiers_listing_skus_sku_id",
                        column: x => x.sku_id,
                        principalTable: "listing_skus",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_listing_images_listing_id_position",
                table: "listing_images",
                columns: new[] { "listing_id", "position" });

            migrationBuilder.CreateIndex(
                name: "ix_listing_skus_listing_id_code",
                table: "listing_skus",
                columns: new[] { "listing_id", "code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_listings_brand",
                table: "listings",
                column: "brand");

            migrationBuilder.CreateIndex(
                name: "ix_listings_category_status",
                table: "listings",
                columns: new[] { "category", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_listings_county_code_status",
                table: "listings",
                columns: new[] { "county_code", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_listings_status_first_published_at_id",
                table: "listings",
                columns: new[] { "status", "first_published_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_listings_status_min_price_fen_id",
                table: "listings",
                columns: new[] { "status", "min_price_fen", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_listings_status_sold_quantity_id",
                table: "listings",
                columns: new[] { "status", "sold_quantity", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_listings_status_submitted_at",
                table: "listings",
                columns: new[] { "status", "submitted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_listings_supplier_id_product_code",
                table: "listings",
                columns: new[] { "supplier_id", "product_code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sku_volume_tiers_sku_id_min_quantity",
                table: "sku_volume_tiers",
                columns: new[] { "sku_id", "min_quantity" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "listing_images");

            migrationBuilder.DropTable(
                name: "sku_volume_tiers");

            migrationBuilder.DropTable(
                name: "listing_skus");

            migrationBuilder.DropTable(
                name: "listings");

            migrationBuilder.DropColumn(
                name: "auto_approve_listings",
                table: "supplier_applications");
        }
    }
}
