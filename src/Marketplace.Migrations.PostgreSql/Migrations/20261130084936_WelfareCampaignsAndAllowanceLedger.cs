using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class WelfareCampaignsAndAllowanceLedger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_assistance_entries_line_id_kind_source_id",
                table: "assistance_entries");

            migrationBuilder.CreateTable(
                name: "welfare_campaigns",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    allowance_fen = table.Column<long>(type: "bigint", nullable: false),
                    deadline = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    delivery_label = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    leftover_rule = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_by_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    closed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    order_id = table.Column<Guid>(type: "uuid", nullable: true),
                    reminded_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    revision = table.Column<int>(type: "integer", nullable: false),
                    delivery_line = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    delivery_phone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    delivery_postal_code = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: true),
                    delivery_recipient = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    delivery_region = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_welfare_campaigns", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "welfare_campaign_items",
                columns: table => new
                {
                    campaign_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sku_id = table.Column<Guid>(type: "uuid", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_welfare_campaign_items", x => new { x.campaign_id, x.sku_id });
                    table.ForeignKey(
                        name: "fk_welfare_campaign_items_welfare_campaigns_campaign_id",
                        column: x => x.campaign_id,
                        principalTable: "welfare_campaigns",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "welfare_choices",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    campaign_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    department = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    sku_id = table.Column<Guid>(type: "uuid", nullable: false),
                    quantity = table.Column<int>(type: "integer", nullable: false),
                    price_fen = table.Column<long>(type: "bigint", nullable: false),
                    chosen_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_welfare_choices", x => x.id);
                    table.ForeignKey(
                        name: "fk_welfare_choices_welfare_campaigns_campaign_id",
                        column: x => x.campaign_id,
                        principalTable: "welfare_campaigns",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_assistance_entries_line_id_kind_source_id_funding_source",
                table: "assistance_entries",
                columns: new[] { "line_id", "kind", "source_id", "funding_source" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_welfare_campaigns_status_deadline",
                table: "welfare_campaigns",
                columns: new[] { "status", "deadline" });

            migrationBuilder.CreateIndex(
                name: "ix_welfare_campaigns_unit_id_created_at",
                table: "welfare_campaigns",
                columns: new[] { "unit_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_welfare_choices_campaign_id_user_id_sku_id",
                table: "welfare_choices",
                columns: new[] { "campaign_id", "user_id", "sku_id" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "welfare_campaign_items");

            migrationBuilder.DropTable(
                name: "welfare_choices");

            migrationBuilder.DropTable(
                name: "welfare_campaigns");

            migrationBuilder.DropIndex(
                name: "ix_assistance_entries_line_id_kind_source_id_funding_source",
                table: "assistance_entries");

            migrationBuilder.CreateIndex(
                name: "ix_assistance_entries_line_id_kind_source_id",
                table: "assistance_entries",
                columns: new[] { "line_id", "kind", "source_id" },
                unique: true);
        }
    }
}
