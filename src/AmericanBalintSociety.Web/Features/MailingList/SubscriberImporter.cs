using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Data.Auditing;
using AmericanBalintSociety.Web.Features.Shared;
using CsvHelper;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Features.MailingList;

public sealed record ImportProblem(int Line, string Reason);

/// <summary>What an import did, shown to staff and kept with the import.</summary>
public sealed record ImportReport(
    int Added, int AddedUnsubscribed, int AlreadyOnList, int Suppressed, int NowUnsubscribed, int DuplicatesInFile, IReadOnlyList<ImportProblem> Problems);

public sealed record ImportPreview(Guid Id, string FileName, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> SampleRows, ImportMapping Guess, DateTimeOffset? CompletedAt, ImportReport? Report);

/// <summary>
/// CSV import of contacts from the old site, in two steps: upload (the file is kept, the columns shown), then map and
/// import. An address that unsubscribed or was removed is never subscribed again, and a contact the old site lists as
/// unsubscribed becomes (or stays) unsubscribed here: suppression survives every path.
/// </summary>
public sealed class SubscriberImporter(AppDbContext db, AuditLog audit, TimeProvider clock, ILogger<SubscriberImporter> logger)
{
    public const int MaximumFileBytes = 5 * 1024 * 1024;
    public const int MaximumProblemsListed = 200;

    /// <summary>How long an uploaded file waits for its columns to be mapped before it is deleted.</summary>
    public static readonly TimeSpan AbandonedUploadLifetime = TimeSpan.FromDays(1);

    private static readonly string[] UnsubscribedWords = ["unsubscribed", "unsubscribe", "no", "false", "0", "n", "cleaned", "bounced", "opted out", "opted-out", "optout", "inactive"];

    /// <summary>Stores an uploaded file for mapping (its id), or refuses a file that is not a CSV with a header row.</summary>
    public async Task<Result<Guid>> UploadAsync(IFormFile? file, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (file is null || file.Length == 0)
        {
            return Result.Failure<Guid>("Choose a CSV file to upload.");
        }

        if (file.Length > MaximumFileBytes)
        {
            return Result.Failure<Guid>("The file is larger than 5 MB. Split it into smaller files.");
        }

        string content;
        using (var reader = new StreamReader(file.OpenReadStream(), detectEncodingFromByteOrderMarks: true))
        {
            content = await reader.ReadToEndAsync(cancellationToken);
        }

        if (content.Contains('\0', StringComparison.Ordinal))
        {
            return Result.Failure<Guid>("The file is not a CSV text file.");
        }

        var headers = Headers(content);
        if (headers.Count == 0)
        {
            return Result.Failure<Guid>("The file has no header row. The first line must name the columns (e.g. email,name).");
        }

        var upload = new SubscriberImport
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            FileName = Path.GetFileName(file.FileName) is { Length: > 0 and <= 200 } name ? name : "upload.csv",
            Content = content,
            UploadedAt = clock.GetUtcNow(),
            UploadedBy = actor.Identity?.Name ?? "staff",
        };
        db.SubscriberImports.Add(upload);
        await db.SaveChangesAsync(cancellationToken);
        return Result.Success(upload.Id);
    }

    public async Task<ImportPreview?> PreviewAsync(Guid id, CancellationToken cancellationToken)
    {
        var upload = await db.SubscriberImports.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (upload is null)
        {
            return null;
        }

        var report = upload.ReportJson is null ? null : JsonSerializer.Deserialize<ImportReport>(upload.ReportJson);
        if (upload.CompletedAt is not null)
        {
            return new ImportPreview(upload.Id, upload.FileName, [], [], new ImportMapping(), upload.CompletedAt, report);
        }

        var headers = Headers(upload.Content);
        var sample = new List<IReadOnlyList<string>>();
        using (var csv = Reader(upload.Content))
        {
            while (sample.Count < 5 && await csv.ReadAsync(cancellationToken))
            {
                sample.Add([.. headers.Select((_, i) => i < csv.FieldCount ? csv.GetString(i) : "")]);
            }
        }

        return new ImportPreview(upload.Id, upload.FileName, headers, sample, Guess(headers), null, null);
    }

    /// <summary>
    /// Imports a stored upload with the given mapping, once; a second call returns the first one's report. The file's
    /// rows are read and checked first, then applied to the list (suppression kept: an address that unsubscribed or
    /// was removed is never subscribed again), then saved with the report and the audit entry in one SaveChanges.
    /// </summary>
    public async Task<Result<ImportReport?>> ImportAsync(Guid id, ImportMapping mapping, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        var upload = await db.SubscriberImports.FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (upload is null)
        {
            return Result.Failure<ImportReport?>("That upload no longer exists.");
        }

        if (upload.CompletedAt is not null)
        {
            return Result.Success(JsonSerializer.Deserialize<ImportReport>(upload.ReportJson ?? "null"));
        }

        var columns = ImportColumns.Find(Headers(upload.Content), mapping);
        if (columns is null)
        {
            return Result.Failure<ImportReport?>("Choose the column that holds the email addresses.");
        }

        // Read every row first: the file's own problems are reported whatever the database holds.
        var file = await ReadRowsAsync(upload.Content, columns, cancellationToken);
        var now = clock.GetUtcNow();
        var tally = await ApplyAsync(file.Rows, upload.FileName, now, cancellationToken);
        var report = new ImportReport(tally.Added, tally.AddedUnsubscribed, tally.Already, tally.Suppressed, tally.NowUnsubscribed,
            file.Duplicates, [.. file.Problems.Take(MaximumProblemsListed)]);
        return await CompleteAsync(upload, report, file.Problems.Count, actor, now, cancellationToken);
    }

    /// <summary>The mapped columns' positions in the file; null when the email column is not one of them.</summary>
    private sealed record ImportColumns(int Email, int? Name, int? Status, int? SubscribedAt)
    {
        public static ImportColumns? Find(List<string> headers, ImportMapping mapping)
        {
            int? Column(string? name) => string.IsNullOrEmpty(name) ? null : headers.IndexOf(name) is var i and >= 0 ? i : null;
            return Column(mapping.EmailColumn) is { } email
                ? new ImportColumns(email, Column(mapping.NameColumn), Column(mapping.StatusColumn), Column(mapping.SubscribedAtColumn))
                : null;
        }
    }

    /// <summary>One good row of the file.</summary>
    private sealed record ImportRow(int Line, string Email, string? Name, bool Unsubscribed, DateTimeOffset? SubscribedAt);

    /// <summary>The file's good rows (each address once), its bad rows, and how many rows repeated an address.</summary>
    private sealed record ImportFile(List<ImportRow> Rows, List<ImportProblem> Problems, int Duplicates);

    /// <summary>What the import did, counted as it goes.</summary>
    private sealed class ImportTally
    {
        public int Added { get; set; }

        public int AddedUnsubscribed { get; set; }

        public int Already { get; set; }

        public int Suppressed { get; set; }

        public int NowUnsubscribed { get; set; }
    }

    private static async Task<ImportFile> ReadRowsAsync(string content, ImportColumns columns, CancellationToken cancellationToken)
    {
        var file = new ImportFile([], [], 0);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var duplicates = 0;
        using var csv = Reader(content);
        while (await csv.ReadAsync(cancellationToken))
        {
            var line = (int)Math.Min(csv.LineNumber, int.MaxValue);
            string Field(int? column) => column is { } c && c < csv.FieldCount ? csv.GetString(c).Trim() : "";
            var email = Field(columns.Email);
            if (email.Length == 0 && Enumerable.Range(0, csv.FieldCount).All(i => string.IsNullOrWhiteSpace(csv.GetString(i))))
            {
                continue; // a line of empty fields (",,,")
            }

            var row = ReadRow(line, email, Field(columns.Name), Field(columns.SubscribedAt), Field(columns.Status), out var problem);
            if (row is null)
            {
                file.Problems.Add(problem!);
            }
            else if (!seen.Add(SubscriberAddress.Hash(row.Email)))
            {
                duplicates++;
            }
            else
            {
                file.Rows.Add(row);
            }
        }

        return file with { Duplicates = duplicates };
    }

    /// <summary>One row checked: the row, or null and what is wrong with it.</summary>
    private static ImportRow? ReadRow(int line, string email, string name, string dateText, string status, out ImportProblem? problem)
    {
        problem = null;
        if (!SubscriberAddress.IsValid(email))
        {
            problem = new ImportProblem(line, email.Length == 0 ? "no email address" : $"\"{Truncate(email, 80)}\" is not a valid email address");
            return null;
        }

        if (name.Length > SubscriberAddress.MaximumNameLength)
        {
            problem = new ImportProblem(line, $"the name is longer than {SubscriberAddress.MaximumNameLength} characters");
            return null;
        }

        DateTimeOffset? subscribedAt = null;
        if (dateText.Length > 0)
        {
            if (!DateTimeOffset.TryParse(dateText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                problem = new ImportProblem(line, $"\"{Truncate(dateText, 40)}\" is not a date");
                return null;
            }

            subscribedAt = parsed;
        }

        var unsubscribed = status.Length > 0 && UnsubscribedWords.Contains(status, StringComparer.OrdinalIgnoreCase);
        return new ImportRow(line, email, name.Length == 0 ? null : name, unsubscribed, subscribedAt);
    }

    /// <summary>Adds the new addresses and updates the known ones (tracked, not yet saved).</summary>
    private async Task<ImportTally> ApplyAsync(List<ImportRow> rows, string fileName, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tally = new ImportTally();
        var existing = new Dictionary<string, Subscriber>(StringComparer.Ordinal);
        foreach (var chunk in rows.Select(r => SubscriberAddress.Hash(r.Email)).Chunk(500))
        {
            foreach (var s in await db.Subscribers.Where(s => chunk.Contains(s.AddressHash)).ToListAsync(cancellationToken))
            {
                existing[s.AddressHash] = s;
            }
        }

        foreach (var row in rows)
        {
            var hash = SubscriberAddress.Hash(row.Email);
            if (existing.TryGetValue(hash, out var subscriber))
            {
                UpdateKnown(subscriber, row, fileName, now, tally);
                continue;
            }

            db.Subscribers.Add(new Subscriber
            {
                AddressHash = hash,
                Email = row.Email,
                Name = row.Name,
                Status = row.Unsubscribed ? SubscriberStatus.Unsubscribed : SubscriberStatus.Confirmed,
                Source = SubscriptionSource.Import,
                SourceDetail = fileName,
                ConsentVersion = ConsentStatement.ImportedVersion,
                ConsentedAt = row.SubscribedAt,
                CreatedAt = now,
                ConfirmedAt = row.Unsubscribed ? null : now,
                UnsubscribedAt = row.Unsubscribed ? now : null,
                UnsubscribeToken = SubscriberAddress.NewToken(),
            });
            if (row.Unsubscribed)
            {
                tally.AddedUnsubscribed++;
            }
            else
            {
                tally.Added++;
            }
        }

        return tally;
    }

    /// <summary>An address already known here: suppression wins, the old site's consent or unsubscription is taken over.</summary>
    private static void UpdateKnown(Subscriber subscriber, ImportRow row, string fileName, DateTimeOffset now, ImportTally tally)
    {
        if (subscriber.Status is SubscriberStatus.Unsubscribed or SubscriberStatus.Removed)
        {
            tally.Suppressed++;
        }
        else if (subscriber.Status == SubscriberStatus.Pending && !row.Unsubscribed)
        {
            // Waiting to confirm here, but a subscriber on the old site: their consent there stands.
            subscriber.Status = SubscriberStatus.Confirmed;
            subscriber.Source = SubscriptionSource.Import;
            subscriber.SourceDetail = fileName;
            subscriber.ConsentVersion = ConsentStatement.ImportedVersion;
            subscriber.ConsentedAt = row.SubscribedAt;
            subscriber.ConfirmedAt = now;
            subscriber.ConfirmationTokenHash = null;
            subscriber.ConfirmationExpiresAt = null;
            subscriber.UnsubscribeToken ??= SubscriberAddress.NewToken();
            subscriber.Version++;
            tally.Already++;
        }
        else if (row.Unsubscribed)
        {
            // The old site says they left: that wins over a subscription here that they may not remember.
            subscriber.Status = SubscriberStatus.Unsubscribed;
            subscriber.UnsubscribedAt = now;
            subscriber.ConfirmationTokenHash = null;
            subscriber.ConfirmationExpiresAt = null;
            subscriber.Version++;
            tally.NowUnsubscribed++;
        }
        else
        {
            tally.Already++;
        }
    }

    /// <summary>
    /// Marks the upload done with its report, erases the file and audits, in the same SaveChanges as the subscribers
    /// (one transaction: all of it or none). A second submission of the same import collides on the upload's version
    /// and gets the first one's report.
    /// </summary>
    private async Task<Result<ImportReport?>> CompleteAsync(
        SubscriberImport upload, ImportReport report, int badRows, ClaimsPrincipal actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        upload.CompletedAt = now;
        upload.Version++;
        upload.Content = ""; // the file is personal data; once imported it is not kept
        upload.ReportJson = JsonSerializer.Serialize(report);
        audit.Record(actor, "subscribers.imported", $"import:{upload.Id}",
            $"{upload.FileName}: {report.Added} added, {report.AddedUnsubscribed} added as unsubscribed, {report.AlreadyOnList} already on the list, {report.Suppressed} suppressed, {report.NowUnsubscribed} now unsubscribed, {badRows} bad rows");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Import {ImportId}: {Added} added, {Suppressed} suppressed, {Problems} bad rows", upload.Id, report.Added, report.Suppressed, badRows);
            return Result.Success<ImportReport?>(report);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var done = await db.SubscriberImports.AsNoTracking().Where(i => i.Id == upload.Id).Select(i => i.ReportJson).FirstOrDefaultAsync(cancellationToken);
            return done is null
                ? Result.Failure<ImportReport?>("The import could not be saved; nothing was imported. Please try again.")
                : Result.Success(JsonSerializer.Deserialize<ImportReport>(done));
        }
        catch (DbUpdateException ex)
        {
            db.ChangeTracker.Clear();
            logger.LogWarning(ex, "Import {ImportId} failed to save", upload.Id);
            return Result.Failure<ImportReport?>("The import could not be saved (someone may have changed the list at the same moment). Nothing was imported; please try again.");
        }
    }

    /// <summary>An upload nobody went on to import is personal data kept for nothing: a day later it goes (housekeeping).</summary>
    public Task<int> DeleteAbandonedAsync(CancellationToken cancellationToken)
    {
        var stale = clock.GetUtcNow() - AbandonedUploadLifetime;
        return db.SubscriberImports.Where(i => i.CompletedAt == null && i.UploadedAt < stale).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>A reader over stored CSV text: the separator detected (comma, semicolon, tab…), fields trimmed, line numbers kept for the report.</summary>
    private static CsvReader Reader(string content) =>
        CsvReader.Create(new StringReader(content), CsvReaderOptions.Default with { TrimWhitespace = true, TrackLineNumbers = true }, false);

    private static List<string> Headers(string content)
    {
        try
        {
            using var csv = Reader(content);
            var headers = csv.Headers.ToList();
            return headers.Any(h => !string.IsNullOrWhiteSpace(h)) ? headers : [];
        }
        catch (CsvFormatException)
        {
            return [];
        }
    }

    /// <summary>The mapping a person would most likely choose, from the header names.</summary>
    public static ImportMapping Guess(IReadOnlyList<string> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        string? Find(params string[] names) =>
            headers.FirstOrDefault(h => names.Any(n => string.Equals(Simplify(h), n, StringComparison.Ordinal)));
        return new ImportMapping
        {
            EmailColumn = Find("email", "emailaddress", "mail") ?? headers.FirstOrDefault(h => h.Contains("mail", StringComparison.OrdinalIgnoreCase)),
            NameColumn = Find("name", "fullname", "contactname"),
            StatusColumn = Find("status", "subscribed", "subscriptionstatus", "optin"),
            SubscribedAtColumn = Find("subscribedat", "subscribedon", "optintime", "confirmtime", "datesubscribed", "created", "createdat"),
        };
    }

    /// <summary>"E-mail Address" → "emailaddress": letters only, lower case.</summary>
    private static string Simplify(string header) => new([.. header.Where(char.IsLetter).Select(char.ToLowerInvariant)]);

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length] + "…";
}
