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

    /// <summary>Imports a stored upload with the given mapping, once; a second call returns the first one's report.</summary>
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

        var headers = Headers(upload.Content);
        int? Column(string? name) => string.IsNullOrEmpty(name) ? null : headers.IndexOf(name) is var i and >= 0 ? i : null;
        var emailColumn = Column(mapping.EmailColumn);
        if (emailColumn is null)
        {
            return Result.Failure<ImportReport?>("Choose the column that holds the email addresses.");
        }

        var nameColumn = Column(mapping.NameColumn);
        var statusColumn = Column(mapping.StatusColumn);
        var dateColumn = Column(mapping.SubscribedAtColumn);

        // Read every row first: the file's own problems are reported whatever the database holds.
        var rows = new List<(int Line, string Email, string? Name, bool Unsubscribed, DateTimeOffset? SubscribedAt)>();
        var problems = new List<ImportProblem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var duplicates = 0;
        using (var csv = Reader(upload.Content))
        {
            while (await csv.ReadAsync(cancellationToken))
            {
                var line = (int)Math.Min(csv.LineNumber, int.MaxValue);
                string Field(int? column) => column is { } c && c < csv.FieldCount ? csv.GetString(c).Trim() : "";
                var email = Field(emailColumn);
                if (email.Length == 0 && Enumerable.Range(0, csv.FieldCount).All(i => string.IsNullOrWhiteSpace(csv.GetString(i))))
                {
                    continue; // a line of empty fields (",,,")
                }

                if (!SubscriberAddress.IsValid(email))
                {
                    problems.Add(new ImportProblem(line, email.Length == 0 ? "no email address" : $"\"{Truncate(email, 80)}\" is not a valid email address"));
                    continue;
                }

                var name = Field(nameColumn);
                if (name.Length > SubscriberAddress.MaximumNameLength)
                {
                    problems.Add(new ImportProblem(line, $"the name is longer than {SubscriberAddress.MaximumNameLength} characters"));
                    continue;
                }

                DateTimeOffset? subscribedAt = null;
                var dateText = Field(dateColumn);
                if (dateText.Length > 0)
                {
                    if (!DateTimeOffset.TryParse(dateText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                    {
                        problems.Add(new ImportProblem(line, $"\"{Truncate(dateText, 40)}\" is not a date"));
                        continue;
                    }

                    subscribedAt = parsed;
                }

                if (!seen.Add(SubscriberAddress.Hash(email)))
                {
                    duplicates++;
                    continue;
                }

                var status = Field(statusColumn);
                var unsubscribed = status.Length > 0 && UnsubscribedWords.Contains(status, StringComparer.OrdinalIgnoreCase);
                rows.Add((line, email, name.Length == 0 ? null : name, unsubscribed, subscribedAt));
            }
        }

        var now = clock.GetUtcNow();
        int added = 0, addedUnsubscribed = 0, already = 0, suppressed = 0, nowUnsubscribed = 0;
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
                if (subscriber.Status is SubscriberStatus.Unsubscribed or SubscriberStatus.Removed)
                {
                    suppressed++;
                }
                else if (subscriber.Status == SubscriberStatus.Pending && !row.Unsubscribed)
                {
                    // Waiting to confirm here, but a subscriber on the old site: their consent there stands.
                    subscriber.Status = SubscriberStatus.Confirmed;
                    subscriber.Source = SubscriptionSource.Import;
                    subscriber.SourceDetail = upload.FileName;
                    subscriber.ConsentVersion = ConsentStatement.ImportedVersion;
                    subscriber.ConsentedAt = row.SubscribedAt;
                    subscriber.ConfirmedAt = now;
                    subscriber.ConfirmationTokenHash = null;
                    subscriber.ConfirmationExpiresAt = null;
                    subscriber.UnsubscribeToken ??= SubscriberAddress.NewToken();
                    subscriber.Version++;
                    already++;
                }
                else if (row.Unsubscribed)
                {
                    // The old site says they left: that wins over a subscription here that they may not remember.
                    subscriber.Status = SubscriberStatus.Unsubscribed;
                    subscriber.UnsubscribedAt = now;
                    subscriber.ConfirmationTokenHash = null;
                    subscriber.ConfirmationExpiresAt = null;
                    subscriber.Version++;
                    nowUnsubscribed++;
                }
                else
                {
                    already++;
                }

                continue;
            }

            db.Subscribers.Add(new Subscriber
            {
                AddressHash = hash,
                Email = row.Email,
                Name = row.Name,
                Status = row.Unsubscribed ? SubscriberStatus.Unsubscribed : SubscriberStatus.Confirmed,
                Source = SubscriptionSource.Import,
                SourceDetail = upload.FileName,
                ConsentVersion = ConsentStatement.ImportedVersion,
                ConsentedAt = row.SubscribedAt,
                CreatedAt = now,
                ConfirmedAt = row.Unsubscribed ? null : now,
                UnsubscribedAt = row.Unsubscribed ? now : null,
                UnsubscribeToken = SubscriberAddress.NewToken(),
            });
            if (row.Unsubscribed)
            {
                addedUnsubscribed++;
            }
            else
            {
                added++;
            }
        }

        var report = new ImportReport(added, addedUnsubscribed, already, suppressed, nowUnsubscribed, duplicates,
            [.. problems.Take(MaximumProblemsListed)]);
        upload.CompletedAt = now;
        upload.Version++; // a second submission of the same import collides here and shows this one's report
        upload.Content = ""; // the file is personal data; once imported it is not kept
        upload.ReportJson = JsonSerializer.Serialize(report);
        audit.Record(actor, "subscribers.imported", $"import:{upload.Id}",
            $"{upload.FileName}: {added} added, {addedUnsubscribed} added as unsubscribed, {already} already on the list, {suppressed} suppressed, {nowUnsubscribed} now unsubscribed, {problems.Count} bad rows");
        try
        {
            await db.SaveChangesAsync(cancellationToken); // one transaction: all of it or none
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var done = await db.SubscriberImports.AsNoTracking().Where(i => i.Id == id).Select(i => i.ReportJson).FirstOrDefaultAsync(cancellationToken);
            return done is null
                ? Result.Failure<ImportReport?>("The import could not be saved; nothing was imported. Please try again.")
                : Result.Success(JsonSerializer.Deserialize<ImportReport>(done));
        }
        catch (DbUpdateException ex)
        {
            db.ChangeTracker.Clear();
            logger.LogWarning(ex, "Import {ImportId} failed to save", id);
            return Result.Failure<ImportReport?>("The import could not be saved (someone may have changed the list at the same moment). Nothing was imported; please try again.");
        }

        logger.LogInformation("Import {ImportId}: {Added} added, {Suppressed} suppressed, {Problems} bad rows", id, added, suppressed, problems.Count);
        return Result.Success<ImportReport?>(report);
    }

    /// <summary>A reader over stored CSV text: the separator detected (comma, semicolon, tab…), fields trimmed, line numbers kept for the report.</summary>
    /// <summary>An upload nobody went on to import is personal data kept for nothing: a day later it goes (housekeeping).</summary>
    public Task<int> DeleteAbandonedAsync(CancellationToken cancellationToken)
    {
        var stale = clock.GetUtcNow() - AbandonedUploadLifetime;
        return db.SubscriberImports.Where(i => i.CompletedAt == null && i.UploadedAt < stale).ExecuteDeleteAsync(cancellationToken);
    }

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
