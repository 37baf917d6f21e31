using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AmericanBalintSociety.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class MembersOnlyContent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "MembersOnly",
                table: "Articles",
                type: "bit",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "MembersOnly",
                table: "Articles");
        }
    }
}
