using MimeKit;

namespace AmericanBalintSociety.TestSupport;

/// <summary>The mails the site wrote to its pickup folder, as a person would open them.</summary>
public sealed class MailPickup(string directory)
{
    public IReadOnlyList<MimeMessage> All()
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        return Directory.EnumerateFiles(directory, "*.eml")
            .Order(StringComparer.Ordinal)
            .Select(path => MimeMessage.Load(path))
            .ToList();
    }

    public IReadOnlyList<MimeMessage> To(string address) =>
        All().Where(m => m.To.Mailboxes.Any(t => string.Equals(t.Address, address, StringComparison.OrdinalIgnoreCase))).ToList();

    /// <summary>Waits until a mail to the address has been written, and returns it.</summary>
    public async Task<MimeMessage> WaitForAsync(string address, TimeSpan? timeout = null)
    {
        MimeMessage? found = null;
        await Eventually.TrueAsync(() =>
        {
            var mails = To(address);
            found = mails.Count > 0 ? mails[^1] : null;
            return Task.FromResult(found is not null);
        }, timeout ?? TimeSpan.FromSeconds(15), $"no mail to {address} in {directory}");
        return found!;
    }
}
