using System.ComponentModel.DataAnnotations;

namespace AmericanBalintSociety.Web.Features.Email;

/// <summary>Settings under <c>Email:Dispatcher</c>: how the outbox is drained.</summary>
public sealed class OutboxDispatcherOptions
{
    /// <summary>Run the dispatcher in this process (turn off for a process that must not send mail).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the outbox is checked when nothing signals new mail.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>At most this many messages a pass.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 50;

    /// <summary>After this many failed attempts a message is marked failed and left for staff.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 12;

    /// <summary>The wait after the first failure; it doubles with each further failure.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between two attempts.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a claimed message is reserved for the sender that claimed it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Pause between two messages (a send rate for large mailings); zero for none.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan DelayBetweenMessages { get; set; } = TimeSpan.Zero;
}
