using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class ListingLeadTime : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "ready_by",
                table: "order_lines",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "lead_time_days",
                table: "listing_skus",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "unit_order_check_progress",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    @checked = table.Column<int>(name: "checked", type: "integer", nullable: false),
                    total = table.Column<int>(type: "integer", nullable: false),
                    done = table.Column<bool>(type: "boolean", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_unit_order_check_progress", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_unit_order_check_progress_updated_at",
                table: "unit_order_check_progress",
                column: "updated_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "unit_order_check_progress");

            migrationBuilder.DropColumn(
                name: "ready_by",
                table: "order_lines");

            migrationBuilder.DropColumn(
                name: "lead_time_days",
                table: "listing_skus");
        }
    }
}
