using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Email;

/// <summary>Settings under <c>Email</c>.</summary>
public sealed class EmailOptions
{
    public const string SectionName = "Email";

    /// <summary>The address mail comes from.</summary>
    [Required, EmailAddress]
    public string FromAddress { get; set; } = "no-reply@americanbalintsociety.org";

    /// <summary>The name mail comes from.</summary>
    [Required, StringLength(100)]
    public string FromName { get; set; } = "The American Balint Society";

    /// <summary>Where mail is written as .eml files when no SMTP host is set (relative to the content root).</summary>
    [Required]
    public string PickupDirectory { get; set; } = "App_Data/mail";

    [ValidateObjectMembers]
    public SmtpOptions Smtp { get; set; } = new();

    [ValidateObjectMembers]
    public OutboxDispatcherOptions Dispatcher { get; set; } = new();
}

public enum SmtpSecurity
{
    /// <summary>Let MailKit choose from the port (465: TLS on connect; otherwise STARTTLS when offered).</summary>
    Auto,

    /// <summary>Plain text; only for a relay on the same machine or a test listener.</summary>
    None,

    /// <summary>Require STARTTLS (port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,
}

/// <summary>Settings under <c>Email:Smtp</c>. Mail goes by SMTP only when <see cref="Host"/> is set.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    public string? UserName { get; set; }

    /// <summary>A secret: user-secrets or the environment (<c>Email__Smtp__Password</c>), never appsettings.json.</summary>
    public string? Password { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

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

[OptionsValidator]
public sealed partial class EmailOptionsValidator : IValidateOptions<EmailOptions>;
