using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Marketplace.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class AssistedAreasAndCertification : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "decision_reason",
                table: "supplier_applications",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "reviewed_at",
                table: "supplier_applications",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "reviewed_by_user_id",
                table: "supplier_applications",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "valid_from",
                table: "supplier_applications",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "valid_to",
                table: "supplier_applications",
                type: "date",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "benefit_linkages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    supplier_id = table.Column<Guid>(type: "uuid", nullable: false),
                    mechanism = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    description = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    households = table.Column<int>(type: "integer", nullable: false),
                    people = table.Column<int>(type: "integer", nullable: false),
                    poverty_alleviated_people = table.Column<int>(type: "integer", nullable: false),
                    disabled_people = table.Column<int>(type: "integer", nullable: false),
                    effective_from = table.Column<DateOnly>(type: "date", nullable: false),
                    declared_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    declared_by_user_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_benefit_linkages", x => x.id);
                    table.ForeignKey(
                        name: "fk_benefit_linkages_organizations_supplier_id",
                        column: x => x.supplier_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "counties",
                columns: table => new
                {
                    code = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    prefecture = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    province = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    region = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    assistance_type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_counties", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "evidence_files",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    supplier_id = table.Column<Guid>(type: "uuid", nullable: false),
                    file_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    content_type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    length = table.Column<long>(type: "bigint", nullable: false),
                    sha256 = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    stored_name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    uploaded_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    uploaded_by_user_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_evidence_files", x => x.id);
                    table.ForeignKey(
                        name: "fk_evidence_files_organizations_supplier_id",
                        column: x => x.supplier_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "unit_county_assignments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    county_code = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    assistance_type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    valid_from = table.Column<DateOnly>(type: "date", nullable: false),
                    valid_to = table.Column<DateOnly>(type: "date", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_unit_county_assignments", x => x.id);
                    table.ForeignKey(
                        name: "fk_unit_county_assignments_counties_county_code",
                        column: x => x.county_code,
                        principalTable: "counties",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_unit_county_assignments_organizations_unit_id",
                        column: x => x.unit_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "counties",
                columns: new[] { "code", "assistance_type", "name", "prefecture", "province", "region" },
                values: new object[,]
                {
                    { "532527", "Designated", "泸西县", "红河哈尼族彝族自治州", "云南省", "YunnanDesignated" },
                    { "532622", "Designated", "砚山县", "文山壮族苗族自治州", "云南省", "YunnanDesignated" },
                    { "540102", "PairedSupport", "城关区", "拉萨市", "西藏自治区", "Tibet" },
                    { "540202", "PairedSupport", "桑珠孜区", "日喀则市", "西藏自治区", "Tibet" },
                    { "540402", "PairedSupport", "巴宜区", "林芝市", "西藏自治区", "Tibet" },
                    { "652901", "PairedSupport", "阿克苏市", "阿克苏地区", "新疆维吾尔自治区", "Xinjiang" },
                    { "653121", "PairedSupport", "疏附县", "喀什地区", "新疆维吾尔自治区", "Xinjiang" },
                    { "653221", "PairedSupport", "和田县", "和田地区", "新疆维吾尔自治区", "Xinjiang" }
                });

            migrationBuilder.CreateIndex(
                name: "ix_benefit_linkages_supplier_id_effective_from_declared_at",
                table: "benefit_linkages",
                columns: new[] { "supplier_id", "effective_from", "declared_at" });

            migrationBuilder.CreateIndex(
                name: "ix_counties_region",
                table: "counties",
                column: "region");

            migrationBuilder.CreateIndex(
                name: "ix_evidence_files_stored_name",
                table: "evidence_files",
                column: "stored_name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_evidence_files_supplier_id_uploaded_at",
                table: "evidence_files",
                columns: new[] { "supplier_id", "uploaded_at" });

            migrationBuilder.CreateIndex(
                name: "ix_unit_county_assignments_county_code_unit_id",
                table: "unit_county_assignments",
                columns: new[] { "county_code", "unit_id" });

            migrationBuilder.CreateIndex(
                name: "ix_unit_county_assignments_unit_id",
                table: "unit_county_assignments",
                column: "unit_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "benefit_linkages");

            migrationBuilder.DropTable(
                name: "evidence_files");

            migrationBuilder.DropTable(
                name: "unit_county_assignments");

            migrationBuilder.DropTable(
                name: "counties");

            migrationBuilder.DropColumn(
                name: "decision_reason",
                table: "supplier_applications");

            migrationBuilder.DropColumn(
                name: "reviewed_at",
                table: "supplier_applications");

            migrationBuilder.DropColumn(
                name: "reviewed_by_user_id",
                table: "supplier_applications");

            migrationBuilder.DropColumn(
                name: "valid_from",
                table: "supplier_applications");

            migrationBuilder.DropColumn(
                name: "valid_to",
                table: "supplier_applications");
        }
    }
}
