using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AmericanBalintSociety.Web.Data.Migrations.Sqlite
{
    /// <summary>
    /// Re-keys the FTS5 index by publication order (ADR 0011): each row's rowid is the minute of the article's
    /// publication shifted left 30 bits, plus the article's id (<c>SqliteArticleSearch.SearchKey</c>), so "the newest
    /// matches" and "published by now" are rowid ranges FTS5 answers without visiting the articles. Drafts are no
    /// longer indexed; a change of publication time moves the row.
    /// </summary>
    public partial class SearchInPublicationOrder : Migration
    {
        // The key as SQL, for a row alias (new, old or a): minute of publication (PublishedAt is stored as
        // EF Core's DateTimeOffset binary: ticks / 1000 shifted left 11 bits, the offset, always 0 here, below) << 30 | id.
        private static string Key(string row) => $"(((({row}.PublishedAt >> 11) / 600000) << 30) | {row}.Id)";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            DropSearch(migrationBuilder);
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE ArticleSearch USING fts5(
                    Title, Summary, BodyText,
                    tokenize='porter unicode61 remove_diacritics 2');
                """);
            migrationBuilder.Sql($"""
                INSERT INTO ArticleSearch(rowid, Title, Summary, BodyText)
                    SELECT {Key("a")}, a.Title, a.Summary, b.BodyText
                    FROM Articles a JOIN ArticleBodies b ON b.Id = a.Id
                    WHERE a.PublishedAt IS NOT NULL;
                """);

            // An article is saved as two rows (Articles, then ArticleBodies); the body's insert adds it to the index.
            migrationBuilder.Sql($"""
                CREATE TRIGGER ArticleBodies_Search_Insert AFTER INSERT ON ArticleBodies BEGIN
                    INSERT INTO ArticleSearch(rowid, Title, Summary, BodyText)
                        SELECT {Key("a")}, a.Title, a.Summary, new.BodyText
                        FROM Articles a WHERE a.Id = new.Id AND a.PublishedAt IS NOT NULL;
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER ArticleBodies_Search_Update AFTER UPDATE OF BodyText ON ArticleBodies BEGIN
                    DELETE FROM ArticleSearch WHERE rowid = (SELECT {Key("a")} FROM Articles a WHERE a.Id = new.Id AND a.PublishedAt IS NOT NULL);
                    INSERT INTO ArticleSearch(rowid, Title, Summary, BodyText)
                        SELECT {Key("a")}, a.Title, a.Summary, new.BodyText
                        FROM Articles a WHERE a.Id = new.Id AND a.PublishedAt IS NOT NULL;
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER Articles_Search_Update AFTER UPDATE OF Title, Summary, PublishedAt ON Articles BEGIN
                    DELETE FROM ArticleSearch WHERE old.PublishedAt IS NOT NULL AND rowid = {Key("old")};
                    INSERT INTO ArticleSearch(rowid, Title, Summary, BodyText)
                        SELECT {Key("new")}, new.Title, new.Summary, b.BodyText
                        FROM ArticleBodies b WHERE b.Id = new.Id AND new.PublishedAt IS NOT NULL;
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER Articles_Search_Delete AFTER DELETE ON Articles BEGIN
                    DELETE FROM ArticleSearch WHERE old.PublishedAt IS NOT NULL AND rowid = {Key("old")};
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Back to the index keyed by article id, drafts included (the Initial migration's shape).
            DropSearch(migrationBuilder);
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE ArticleSearch USING fts5(
                    Title, Summary, BodyText,
                    tokenize='porter unicode61 remove_diacritics 2');
                """);
            migrationBuilder.Sql("""
                INSERT INTO ArticleSearch(rowid, Title, Summary, BodyText)
                    SELECT a.Id, a.Title, a.Summary, b.BodyText FROM Articles a JOIN ArticleBodies b ON b.Id = a.Id;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER ArticleBodies_Search_Insert AFTER INSERT ON ArticleBodies BEGIN
                    DELETE FROM ArticleSearch WHERE rowid = new.Id;
                    INSERT INTO ArticleSearch(rowid, Title, Summary, BodyText)
                        SELECT a.Id, a.Title, a.Summary, new.BodyText FROM Articles a WHERE a.Id = new.Id;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER ArticleBodies_Search_Update AFTER UPDATE OF BodyText ON ArticleBodies BEGIN
                    DELETE FROM ArticleSearch WHERE rowid = new.Id;
                    INSERT INTO ArticleSearch(rowid, Title, Summary, BodyText)
                        SELECT a.Id, a.Title, a.Summary, new.BodyText FROM Articles a WHERE a.Id = new.Id;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Articles_Search_Update AFTER UPDATE OF Title, Summary ON Articles BEGIN
                    DELETE FROM ArticleSearch WHERE rowid = new.Id;
                    INSERT INTO ArticleSearch(rowid, Title, Summary, BodyText)
                        SELECT new.Id, new.Title, new.Summary, b.BodyText FROM ArticleBodies b WHERE b.Id = new.Id;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Articles_Search_Delete AFTER DELETE ON Articles BEGIN
                    DELETE FROM ArticleSearch WHERE rowid = old.Id;
                END;
                """);
        }

        private static void DropSearch(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Articles_Search_Delete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Articles_Search_Update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS ArticleBodies_Search_Update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS ArticleBodies_Search_Insert;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS ArticleSearch;");
        }
    }
}
