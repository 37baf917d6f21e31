using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AmericanBalintSociety.Web.Data.Migrations.Sqlite
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
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    DonorKey = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    GiftCount = table.Column<int>(type: "INTEGER", nullable: false),
                    TotalCents = table.Column<long>(type: "INTEGER", nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: false)
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
