using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AmericanBalintSociety.Web.Data.Migrations.Sqlite
{
    /// <summary>
    /// Articles and pages marked members only (issue 16). Their body is kept out of the FTS5 index (indexed as empty),
    /// so a search by a visitor can neither show nor reveal it: the triggers index <c>''</c> for a members-only body, and
    /// changing the mark re-indexes the row.
    /// </summary>
    public partial class MembersOnlyContent : Migration
    {
        private static string Key(string row) => $"(((({row}.PublishedAt >> 11) / 600000) << 30) | {row}.Id)";

        private static void Triggers(MigrationBuilder migrationBuilder, bool membersOnly)
        {
            string Body(string article, string body) => membersOnly ? $"CASE WHEN {article}.MembersOnly THEN '' ELSE {body} END" : body;
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Articles_Search_Update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS ArticleBodies_Search_Update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS ArticleBodies_Search_Insert;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Articles_Search_Delete;");
            migrationBuilder.Sql($"""
                CREATE TRIGGER Articles_Search_Delete AFTER DELETE ON Articles BEGIN
                    DELETE FROM ArticleSearch WHERE old.PublishedAt IS NOT NULL AND rowid = {Key("old")};
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER ArticleBodies_Search_Insert AFTER INSERT ON ArticleBodies BEGIN
                    INSERT INTO ArticleSearch(rowid, Title, Summary, BodyText)
                        SELECT {Key("a")}, a.Title, a.Summary, {Body("a", "new.BodyText")}
                        FROM Articles a WHERE a.Id = new.Id AND a.PublishedAt IS NOT NULL;
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER ArticleBodies_Search_Update AFTER UPDATE OF BodyText ON ArticleBodies BEGIN
                    DELETE FROM ArticleSearch WHERE rowid = (SELECT {Key("a")} FROM Articles a WHERE a.Id = new.Id AND a.PublishedAt IS NOT NULL);
                    INSERT INTO ArticleSearch(rowid, Title, Summary, BodyText)
                        SELECT {Key("a")}, a.Title, a.Summary, {Body("a", "new.BodyText")}
                        FROM Articles a WHERE a.Id = new.Id AND a.PublishedAt IS NOT NULL;
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER Articles_Search_Update AFTER UPDATE OF Title, Summary, PublishedAt{(membersOnly ? ", MembersOnly" : "")} ON Articles BEGIN
                    DELETE FROM ArticleSearch WHERE old.PublishedAt IS NOT NULL AND rowid = {Key("old")};
                    INSERT INTO ArticleSearch(rowid, Title, Summary, BodyText)
                        SELECT {Key("new")}, new.Title, new.Summary, {Body("new", "b.BodyText")}
                        FROM ArticleBodies b WHERE b.Id = new.Id AND new.PublishedAt IS NOT NULL;
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "MembersOnly",
                table: "Articles",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
            Triggers(migrationBuilder, membersOnly: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Dropping a column may rebuild the table, which drops its triggers: they are made again afterwards.
            migrationBuilder.DropColumn(
                name: "MembersOnly",
                table: "Articles");
            Triggers(migrationBuilder, membersOnly: false);
        }
    }
}
