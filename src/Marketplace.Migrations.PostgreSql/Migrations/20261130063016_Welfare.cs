using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class Welfare : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "welfare_programmes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    amount_per_employee_fen = table.Column<long>(type: "bigint", nullable: false),
                    valid_from = table.Column<DateOnly>(type: "date", nullable: false),
                    valid_until = table.Column<DateOnly>(type: "date", nullable: false),
                    starts_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    eligible_county_codes = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    eligible_regions = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    eligible_categories = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_by_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_welfare_programmes", x => x.id);
                    table.CheckConstraint("ck_welfare_programmes_amount_positive", "amount_per_employee_fen > 0");
                    table.ForeignKey(
                        name: "fk_welfare_programmes_organizations_unit_id",
                        column: x => x.unit_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "welfare_wallets",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    programme_id = table.Column<Guid>(type: "uuid", nullable: false),
                    unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    balance_fen = table.Column<long>(type: "bigint", nullable: false),
                    starts_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    granted_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_welfare_wallets", x => x.id);
                    table.CheckConstraint("ck_welfare_wallets_balance_not_negative", "balance_fen >= 0");
                    table.ForeignKey(
                        name: "fk_welfare_wallets_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_welfare_wallets_welfare_programmes_programme_id",
                        column: x => x.programme_id,
                        principalTable: "welfare_programmes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "welfare_ledger_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    wallet_id = table.Column<Guid>(type: "uuid", nullable: false),
                    programme_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    amount_fen = table.Column<long>(type: "bigint", nullable: false),
                    order_id = table.Column<Guid>(type: "uuid", nullable: true),
                    order_line_id = table.Column<Guid>(type: "uuid", nullable: true),
                    refund_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    actor_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_welfare_ledger_entries", x => x.id);
                    table.ForeignKey(
                        name: "fk_welfare_ledger_entries_welfare_wallets_wallet_id",
                        column: x => x.wallet_id,
                        principalTable: "welfare_wallets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_welfare_ledger_entries_one_refund",
                table: "welfare_ledger_entries",
                columns: new[] { "order_id", "refund_key", "order_line_id", "wallet_id", "kind" },
                unique: true,
                filter: "refund_key IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_welfare_ledger_entries_one_spend",
                table: "welfare_ledger_entries",
                columns: new[] { "order_id", "order_line_id", "wallet_id" },
                unique: true,
                filter: "kind = 'Spend'");

            migrationBuilder.CreateIndex(
                name: "ix_welfare_ledger_entries_programme_id_kind",
                table: "welfare_ledger_entries",
                columns: new[] { "programme_id", "kind" });

            migrationBuilder.CreateIndex(
                name: "ix_welfare_ledger_entries_wallet_id_at",
                table: "welfare_ledger_entries",
                columns: new[] { "wallet_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_welfare_programmes_status_expires_at",
                table: "welfare_programmes",
                columns: new[] { "status", "expires_at" });

            migrationBuilder.CreateIndex(
                name: "ix_welfare_programmes_unit_id_created_at",
                table: "welfare_programmes",
                columns: new[] { "unit_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_welfare_wallets_due",
                table: "welfare_wallets",
                column: "expires_at",
                filter: "balance_fen > 0");

            migrationBuilder.CreateIndex(
                name: "ix_welfare_wallets_programme_id_user_id",
                table: "welfare_wallets",
                columns: new[] { "programme_id", "user_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_welfare_wallets_user_id_expires_at",
                table: "welfare_wallets",
                columns: new[] { "user_id", "expires_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "welfare_ledger_entries");

            migrationBuilder.DropTable(
                name: "welfare_wallets");

            migrationBuilder.DropTable(
                name: "welfare_programmes");
        }
    }
}
