namespace AmericanBalintSociety.Web.Infrastructure.Security;

/// <summary>Says at start, loudly, when the data-protection keys are stored unencrypted outside Development.</summary>
public sealed class KeyEncryptionCheck(KeyEncryptionStatus status, ILogger<KeyEncryptionCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (status.Missing)
        {
            logger.LogWarning(
                "SECURITY: the data-protection keys are stored UNENCRYPTED in the database. Anyone holding a copy of the database can " +
                "forge sign-in cookies and download links. Set DataProtection:Certificate:Path and DataProtection:Certificate:Password " +
                "(docs/operations.md, 'Data-protection keys').");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
