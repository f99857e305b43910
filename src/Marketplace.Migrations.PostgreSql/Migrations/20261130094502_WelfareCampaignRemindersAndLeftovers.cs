using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class WelfareCampaignRemindersAndLeftovers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "programme_id",
                table: "welfare_campaigns",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "welfare_campaign_reminders",
                columns: table => new
                {
                    campaign_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    reminded_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_welfare_campaign_reminders", x => new { x.campaign_id, x.user_id });
                    table.ForeignKey(
                        name: "fk_welfare_campaign_reminders_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_welfare_campaign_reminders_welfare_campaigns_campaign_id",
                        column: x => x.campaign_id,
                        principalTable: "welfare_campaigns",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_welfare_campaigns_programme_id",
                table: "welfare_campaigns",
                column: "programme_id");

            migrationBuilder.CreateIndex(
                name: "ix_welfare_campaign_reminders_user_id",
                table: "welfare_campaign_reminders",
                column: "user_id");

            migrationBuilder.AddForeignKey(
                name: "fk_welfare_campaigns_welfare_programmes_programme_id",
                table: "welfare_campaigns",
                column: "programme_id",
                principalTable: "welfare_programmes",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_welfare_campaigns_welfare_programmes_programme_id",
                table: "welfare_campaigns");

            migrationBuilder.DropTable(
                name: "welfare_campaign_reminders");

            migrationBuilder.DropIndex(
                name: "ix_welfare_campaigns_programme_id",
                table: "welfare_campaigns");

            migrationBuilder.DropColumn(
                name: "programme_id",
                table: "welfare_campaigns");
        }
    }
}
