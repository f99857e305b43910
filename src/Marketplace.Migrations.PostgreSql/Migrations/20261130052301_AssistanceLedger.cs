using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class AssistanceLedger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "assistance_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    source_id = table.Column<Guid>(type: "uuid", nullable: false),
                    order_id = table.Column<Guid>(type: "uuid", nullable: false),
                    order_number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    line_id = table.Column<Guid>(type: "uuid", nullable: false),
                    amount_fen = table.Column<long>(type: "bigint", nullable: false),
                    quantity = table.Column<int>(type: "integer", nullable: false),
                    occurred_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    month = table.Column<int>(type: "integer", nullable: false),
                    county_code = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    region = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    assistance_type = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    supplier_id = table.Column<Guid>(type: "uuid", nullable: false),
                    category = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    buyer_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    buyer_unit_id = table.Column<Guid>(type: "uuid", nullable: true),
                    channel = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    funding_source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    measure = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    campaign_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_assistance_entries", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_assistance_entries_line_id_kind_source_id",
                table: "assistance_entries",
                columns: new[] { "line_id", "kind", "source_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_assistance_entries_order_id",
                table: "assistance_entries",
                column: "order_id");

            migrationBuilder.CreateIndex(
                name: "ix_assistance_entries_year_buyer_unit_id",
                table: "assistance_entries",
                columns: new[] { "year", "buyer_unit_id" });

            migrationBuilder.CreateIndex(
                name: "ix_assistance_entries_year_county_code",
                table: "assistance_entries",
                columns: new[] { "year", "county_code" });

            migrationBuilder.CreateIndex(
                name: "ix_assistance_entries_year_month",
                table: "assistance_entries",
                columns: new[] { "year", "month" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "assistance_entries");
        }
    }
}
