using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AmericanBalintSociety.Web.Data.Migrations.SqlServer
{
    /// <summary>
    /// Kept in step with the SQLite migration of the same name, which re-keys SQLite's FTS5 search index.
    /// SQL Server has no such index (its search is <c>SqlServerArticleSearch</c>), so there is nothing to change.
    /// </summary>
    public partial class SearchInPublicationOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
