// Times the search's three SQLite queries (ADR 0011) against a database, through Microsoft.Data.Sqlite (the
// SQLite the site uses), as the site builds them: the count and key range of the newest matches, one ranked
// page, that page's snippets. Usage: dotnet run -c Release --project bench/SearchQueries -- DB WORD [WORD ...]
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: SearchQueries DATABASE WORD [WORD ...]");
    return 2;
}

const int Window = 100; // News:SearchWindow's default
const long IdMask = (1L << 30) - 1;
using var connection = new SqliteConnection($"Data Source={args[0]};Mode=ReadOnly");
connection.Open();
var now = (long)Scalar("SELECT max(PublishedAt) + 1 FROM Articles")!;
var thisMinute = ((now >> 11) / 600_000) << 30;
var visible = $"(rowid < {thisMinute} OR (SELECT a.PublishedAt FROM Articles a WHERE a.Id = (ArticleSearch.rowid & {IdMask})) <= {now})";
Console.WriteLine($"SQLite {Scalar("SELECT sqlite_version()")}; {Scalar("SELECT count(*) FROM Articles")} articles; µs per query, mean of 300");

foreach (var word in args.Skip(1))
{
    var match = $"\"{word}\"";
    var range = $"""
        SELECT count(*), min(k), max(k) FROM (
            SELECT rowid AS k FROM ArticleSearch WHERE ArticleSearch MATCH $m AND rowid < {thisMinute + (1L << 30)} AND {visible}
            ORDER BY rowid DESC LIMIT {Window + 1})
        """;
    var (count, low, high) = Range(range, match);
    if (count > Window)
    {
        low++; // as the site does: past the window, the lowest key is the one left out
    }

    var ranked = $"""
        SELECT rowid FROM ArticleSearch WHERE ArticleSearch MATCH $m AND rowid BETWEEN $lo AND $hi AND {visible}
        ORDER BY CASE
            WHEN rowid IN (SELECT rowid FROM ArticleSearch WHERE ArticleSearch MATCH $t AND rowid BETWEEN $lo AND $hi) THEN 0
            WHEN rowid IN (SELECT rowid FROM ArticleSearch WHERE ArticleSearch MATCH $ts AND rowid BETWEEN $lo AND $hi) THEN 1
            ELSE 2 END, rowid DESC
        LIMIT 10
        """;
    (string, object)[] rankParameters = [("$m", match), ("$lo", low), ("$hi", high), ("$t", "{Title} : (" + match + ")"), ("$ts", "{Title Summary} : (" + match + ")")];
    var page = Keys(ranked, rankParameters);
    var snippets = $"""
        SELECT ArticleSearch.rowid, a.Slug, snippet(ArticleSearch, -1, char(2), char(3), '…', 24)
        FROM ArticleSearch JOIN Articles a ON a.Id = (ArticleSearch.rowid & {IdMask})
        WHERE ArticleSearch MATCH $m AND ArticleSearch.rowid BETWEEN $first AND $last
          AND +ArticleSearch.rowid IN (SELECT value FROM json_each($keys))
        """;
    Console.WriteLine($"{word}: the newest {Math.Min(count, Window)} matches ranked{(count > Window ? " (more match)" : "")}, {page.Count} on the page");
    Time("count and key range", range, ("$m", match));
    Time("ranked page", ranked, rankParameters);
    if (page.Count > 0)
    {
        Time("snippets", snippets, ("$m", match), ("$first", page.Min()), ("$last", page.Max()), ("$keys", "[" + string.Join(',', page) + "]"));
    }
}

return 0;

object? Scalar(string sql)
{
    using var command = connection.CreateCommand();
    command.CommandText = sql;
    return command.ExecuteScalar();
}

SqliteCommand Command(string sql, (string Name, object Value)[] parameters)
{
    var command = connection.CreateCommand();
    command.CommandText = sql;
    foreach (var (name, value) in parameters)
    {
        command.Parameters.AddWithValue(name, value);
    }

    return command;
}

(long Count, long Low, long High) Range(string sql, string match)
{
    using var command = Command(sql, [("$m", match)]);
    using var reader = command.ExecuteReader();
    reader.Read();
    return reader.GetInt64(0) == 0 ? (0, 0, 0) : (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
}

List<long> Keys(string sql, (string, object)[] parameters)
{
    using var command = Command(sql, parameters);
    using var reader = command.ExecuteReader();
    var keys = new List<long>();
    while (reader.Read())
    {
        keys.Add(reader.GetInt64(0));
    }

    return keys;
}

void Time(string label, string sql, params (string, object)[] parameters)
{
    using var command = Command(sql, parameters);
    for (var i = 0; i < 50; i++)
    {
        Drain(command);
    }

    const int Runs = 300;
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < Runs; i++)
    {
        Drain(command);
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {clock.Elapsed.TotalMicroseconds / Runs,7:F0} µs  {label}"));
}

static void Drain(SqliteCommand command)
{
    using var reader = command.ExecuteReader();
    while (reader.Read())
    {
    }
}
