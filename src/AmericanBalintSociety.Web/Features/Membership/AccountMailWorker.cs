using AmericanBalintSociety.Web.Data;
using Microsoft.AspNetCore.Identity;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>Works through <see cref="AccountMailRequests"/>.</summary>
public sealed class AccountMailWorker(AccountMailRequests queue, IServiceScopeFactory scopes, ILogger<AccountMailWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var request in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await HandleAsync(scope.ServiceProvider, request, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "An account mail ({Kind}) could not be prepared", request.Kind);
            }
        }
    }

    private async Task HandleAsync(IServiceProvider services, AccountMailRequest request, CancellationToken cancellationToken)
    {
        var users = services.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync(request.Email);
        if (user is null)
        {
            return;
        }

        var limited = request.Kind switch
        {
            AccountMailKind.PasswordReset => LimitedAccountMail.PasswordReset,
            _ when user.EmailConfirmed => (LimitedAccountMail?)null, // nothing to send
            _ => LimitedAccountMail.Confirmation,
        };
        if (limited is { } kind && !await services.GetRequiredService<AccountMailLimit>().TryTakeAsync(kind, request.Email, cancellationToken))
        {
            logger.LogInformation("Account mail ({Kind}) for account {UserId} not sent: one went to the address within the interval", request.Kind, user.Id);
            return;
        }

        var emails = services.GetRequiredService<AccountEmails>();
        var links = services.GetRequiredService<AccountLinks>();
        switch (request.Kind)
        {
            // Unconfirmed accounts may reset too: the mail proves the address, and the reset confirms it. Otherwise
            // whoever registered an address first, without confirming, would keep its owner out.
            case AccountMailKind.PasswordReset:
                emails.PasswordReset(user, await links.ResetPasswordAsync(request.SiteBase, user));
                break;
            case AccountMailKind.Confirmation when !user.EmailConfirmed:
                emails.ConfirmAccount(user, await links.ConfirmEmailAsync(request.SiteBase, user));
                break;
            default:
                return;
        }

        await services.GetRequiredService<AppDbContext>().SaveChangesAsync(cancellationToken);
        logger.LogInformation("Account mail ({Kind}) queued for account {UserId}", request.Kind, user.Id);
    }
}
