using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class StatisticsReports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "assistance_entry_units");

            migrationBuilder.DropTable(
                name: "assistance_scope_totals");
        }
    }
}
