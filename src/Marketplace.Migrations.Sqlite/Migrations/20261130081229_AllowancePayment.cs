using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AllowancePayment : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_assistance_entries_line_id_kind_source_id",
                table: "assistance_entries");

            migrationBuilder.CreateIndex(
                name: "ix_assistance_entries_line_id_kind_source_id_funding_source",
                table: "assistance_entries",
                columns: new[] { "line_id", "kind", "source_id", "funding_source" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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
