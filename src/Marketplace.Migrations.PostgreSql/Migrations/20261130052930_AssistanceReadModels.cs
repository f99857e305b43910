using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class AssistanceReadModels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "assistance_totals",
                columns: table => new
                {
                    year = table.Column<int>(type: "integer", nullable: false),
                    dimension = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    dimension_value = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    amount_fen = table.Column<long>(type: "bigint", nullable: false),
                    quantity = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_assistance_totals", x => new { x.year, x.dimension, x.dimension_value });
                });

            migrationBuilder.CreateTable(
                name: "assistance_unit_totals",
                columns: table => new
                {
                    year = table.Column<int>(type: "integer", nullable: false),
                    unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    direct_fen = table.Column<long>(type: "bigint", nullable: false),
                    direct_quantity = table.Column<long>(type: "bigint", nullable: false),
                    subtree_fen = table.Column<long>(type: "bigint", nullable: false),
                    subtree_quantity = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_assistance_unit_totals", x => new { x.year, x.unit_id });
                });

            migrationBuilder.CreateIndex(
                name: "ix_assistance_unit_totals_year_subtree_fen",
                table: "assistance_unit_totals",
                columns: new[] { "year", "subtree_fen" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "assistance_totals");

            migrationBuilder.DropTable(
                name: "assistance_unit_totals");
        }
    }
}
