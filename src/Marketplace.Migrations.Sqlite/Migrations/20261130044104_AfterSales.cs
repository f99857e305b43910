using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AfterSales : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "after_sales_requests",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    order_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    line_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    sub_order_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    supplier_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    buyer_user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    amount_fen = table.Column<long>(type: "INTEGER", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    response = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    decided_by_user_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    requested_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    responded_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    closed_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_after_sales_requests", x => x.id);
                    table.ForeignKey(
                        name: "fk_after_sales_requests_asp_net_users_buyer_user_id",
                        column: x => x.buyer_user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_after_sales_requests_orders_order_id",
                        column: x => x.order_id,
                        principalTable: "orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "after_sales_photos",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    request_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    content_type = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    content = table.Column<byte[]>(type: "BLOB", nullable: false),
                    uploaded_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_after_sales_photos", x => x.id);
                    table.ForeignKey(
                        name: "fk_after_sales_photos_after_sales_requests_request_id",
                        column: x => x.request_id,
                        principalTable: "after_sales_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_after_sales_photos_request_id",
                table: "after_sales_photos",
                column: "request_id");

            migrationBuilder.CreateIndex(
                name: "ix_after_sales_requests_buyer_user_id",
                table: "after_sales_requests",
                column: "buyer_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_after_sales_requests_order_id",
                table: "after_sales_requests",
                column: "order_id");

            migrationBuilder.CreateIndex(
                name: "ix_after_sales_requests_status",
                table: "after_sales_requests",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "ix_after_sales_requests_supplier_id_status",
                table: "after_sales_requests",
                columns: new[] { "supplier_id", "status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "after_sales_photos");

            migrationBuilder.DropTable(
                name: "after_sales_requests");
        }
    }
}
