using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AmericanBalintSociety.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class GiftStatements : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "GiftStatements",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Year = table.Column<int>(type: "int", nullable: false),
                    DonorKey = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    GiftCount = table.Column<int>(type: "int", nullable: false),
                    TotalCents = table.Column<long>(type: "bigint", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GiftStatements", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_GiftStatements_Year_DonorKey",
                table: "GiftStatements",
                columns: new[] { "Year", "DonorKey" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "GiftStatements");
        }
    }
}
