using System.ComponentModel.DataAnnotations;

namespace AmericanBalintSociety.Web.Features.MailingList;

/// <summary>Settings under <c>MailingList:Sending</c>: the rate at which a newsletter is handed to the outbox.</summary>
public sealed class NewsletterSendingOptions
{
    /// <summary>Run the newsletter sender in this process.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Recipients queued per batch.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>Pause between two batches: BatchSize per BatchInterval is the send rate (default 6,000 an hour).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan BatchInterval { get; set; } = TimeSpan.FromMinutes(1);
}
