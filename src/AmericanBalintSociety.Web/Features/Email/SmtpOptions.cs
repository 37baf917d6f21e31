using System.ComponentModel.DataAnnotations;

namespace AmericanBalintSociety.Web.Features.Email;

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
