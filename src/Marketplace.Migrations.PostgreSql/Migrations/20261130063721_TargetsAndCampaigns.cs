using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class TargetsAndCampaigns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "assistance_unit_channel_totals",
                columns: table => new
                {
                    year = table.Column<int>(type: "integer", nullable: false),
                    unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    channel = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    measure = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    subtree_fen = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_assistance_unit_channel_totals", x => new { x.year, x.unit_id, x.channel, x.measure });
                });

            migrationBuilder.CreateTable(
                name: "campaigns",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    normalized_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    starts_on = table.Column<DateOnly>(type: "date", nullable: false),
                    ends_on = table.Column<DateOnly>(type: "date", nullable: false),
                    cookie_days = table.Column<int>(type: "integer", nullable: false),
                    landing_listing_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_by_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_campaigns", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "unit_targets",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    basis = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    target_fen = table.Column<long>(type: "bigint", nullable: false),
                    amount_fen = table.Column<long>(type: "bigint", nullable: true),
                    base_fen = table.Column<long>(type: "bigint", nullable: true),
                    share_basis_points = table.Column<int>(type: "integer", nullable: true),
                    counted_channels = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    counted_measures = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    set_by_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    set_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    revision = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_unit_targets", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_assistance_entries_campaign_code",
                table: "assistance_entries",
                column: "campaign_code");

            migrationBuilder.CreateIndex(
                name: "ix_assistance_entries_year_buyer_user_id",
                table: "assistance_entries",
                columns: new[] { "year", "buyer_user_id" });

            migrationBuilder.CreateIndex(
                name: "ix_campaigns_normalized_code",
                table: "campaigns",
                column: "normalized_code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_unit_targets_unit_id_year",
                table: "unit_targets",
                columns: new[] { "unit_id", "year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_unit_targets_year",
                table: "unit_targets",
                column: "year");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "assistance_unit_channel_totals");

            migrationBuilder.DropTable(
                name: "campaigns");

            migrationBuilder.DropTable(
                name: "unit_targets");

            migrationBuilder.DropIndex(
                name: "ix_assistance_entries_campaign_code",
                table: "assistance_entries");

            migrationBuilder.DropIndex(
                name: "ix_assistance_entries_year_buyer_user_id",
                table: "assistance_entries");
        }
    }
}
