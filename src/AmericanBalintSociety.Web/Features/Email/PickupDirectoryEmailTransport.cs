using Microsoft.Extensions.Options;
using MimeKit;

namespace AmericanBalintSociety.Web.Features.Email;

/// <summary>
/// Writes each mail as an <c>.eml</c> file (used when no SMTP host is set: development, tests, a fresh machine).
/// The file name comes from the message id, so a second attempt overwrites rather than duplicates.
/// </summary>
public sealed class PickupDirectoryEmailTransport(IOptions<EmailOptions> options, Infrastructure.SiteData data) : IEmailTransport
{
    public string Directory => data.Resolve(options.Value.PickupDirectory);

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var directory = Directory;
        System.IO.Directory.CreateDirectory(directory);

        var name = $"{message.Date.UtcDateTime:yyyyMMdd-HHmmss}-{FileSafe(message.MessageId ?? Guid.NewGuid().ToString("N"))}.eml";
        var path = Path.Combine(directory, name);
        var temporary = Path.Combine(directory, $".{name}.{Guid.NewGuid():N}.tmp");

        // Write then rename, so a reader never sees half a message.
        await message.WriteToAsync(temporary, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    private static string FileSafe(string messageId)
    {
        var local = messageId.Split('@')[0];
        return string.Concat(local.Where(char.IsAsciiLetterOrDigit));
    }
}
