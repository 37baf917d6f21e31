using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Data.Auditing;
using AmericanBalintSociety.Web.Features.MailingList;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.AspNetCore.Identity;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>What the registration form asks for.</summary>
/// <summary>What the registration form sends; <paramref name="ReturnUrl"/> is where the person was going (a local path, e.g. the level they chose to join), carried into the confirmation link.</summary>
public sealed record RegistrationRequest(string Name, string Email, string Password, bool JoinMailingList, string? ReturnUrl = null);

/// <summary>
/// Creates member accounts from the registration page. The answer is the same whether or not the address already has
/// an account (its owner is mailed instead), so the form cannot be used to find out who has one. The account, its
/// confirmation mail and its audit entry are saved together or not at all.
/// </summary>
public sealed class AccountRegistration(
    UserManager<ApplicationUser> users, AppDbContext db, AccountEmails emails, AccountLinks links, AuditLog audit,
    AccountMailLimit mailLimit, MailingListService mailingList, TimeProvider clock, ILogger<AccountRegistration> logger)
{
    /// <summary>
    /// Registers the account, or mails the owner of an existing one; the same success either way. Refused only when the
    /// password breaks the rules (field <c>Password</c>) or Identity refuses the account.
    /// </summary>
    public async Task<Result> RegisterAsync(RegistrationRequest request, HttpRequest http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var email = request.Email.Trim();
        var user = new ApplicationUser { UserName = email, Email = email, DisplayName = request.Name.Trim(), CreatedAt = clock.GetUtcNow() };

        // Password rules first, so someone trying an existing address sees the same errors as anyone else.
        var passwordErrors = await PasswordErrorsAsync(user, request.Password);
        if (passwordErrors.Count > 0)
        {
            return Result.Failure(passwordErrors);
        }

        var existing = await users.FindByEmailAsync(email);
        if (existing is not null)
        {
            _ = users.PasswordHasher.HashPassword(existing, request.Password); // the time a new account's hash takes
            if (await mailLimit.TryTakeAsync(LimitedAccountMail.AlreadyRegistered, email, cancellationToken))
            {
                emails.AlreadyRegistered(existing, links.SignIn(http), links.ForgotPassword(http));
                await db.SaveChangesAsync(cancellationToken);
                logger.LogInformation("Registration with the address of existing account {UserId}: its owner was mailed", existing.Id);
            }
            else
            {
                logger.LogInformation("Registration with the address of existing account {UserId}: its owner was mailed within the interval, not again", existing.Id);
            }

            await JoinMailingListIfAskedAsync(request, http, cancellationToken);
            return Result.Success();
        }

        var created = await db.RunInTransactionAsync(() => CreateAsync(user, request.Password, request.ReturnUrl, http), cancellationToken);
        if (created.IsConflict)
        {
            // Another registration for the address won a race: answer as for an existing one.
            await JoinMailingListIfAskedAsync(request, http, cancellationToken);
            return Result.Success();
        }

        if (!created.Succeeded)
        {
            return created;
        }

        logger.LogInformation("Account {UserId} registered; confirmation mail queued", user.Id);
        await JoinMailingListIfAskedAsync(request, http, cancellationToken);
        return Result.Success();
    }

    private async Task<List<ResultError>> PasswordErrorsAsync(ApplicationUser user, string password)
    {
        var errors = new List<ResultError>();
        foreach (var validator in users.PasswordValidators)
        {
            var checkedPassword = await validator.ValidateAsync(users, user, password);
            errors.AddRange(checkedPassword.Errors.Select(e => new ResultError("Password", e.Description)));
        }

        return errors;
    }

    /// <summary>In the transaction: the account, its confirmation mail and its audit entry. A duplicate address is a conflict.</summary>
    private async Task<Result> CreateAsync(ApplicationUser user, string password, string? returnUrl, HttpRequest http)
    {
        var result = await users.CreateAsync(user, password);
        if (result.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName)))
        {
            return Result.Conflict("That address already has an account.");
        }

        if (!result.Succeeded)
        {
            return IdentityRefusal.Of(result, "The account could not be created. Please try again.");
        }

        emails.ConfirmAccount(user, await links.ConfirmEmailAsync(http, user, returnUrl));
        audit.Record(user.Id, user.Email!, "account.registered", AccountSubjects.For(user.Id));
        return Result.Success();
    }

    /// <summary>
    /// "Also add me to the mailing list": the list's own double opt-in, whatever became of the registration, so the
    /// answer is the same for a new and an existing address.
    /// </summary>
    private async Task JoinMailingListIfAskedAsync(RegistrationRequest request, HttpRequest http, CancellationToken cancellationToken)
    {
        var email = request.Email.Trim();
        if (request.JoinMailingList && SubscriberAddress.IsValid(email))
        {
            await mailingList.RequestAsync(email, request.Name, SubscriptionSource.Registration, links.SiteBase(http), cancellationToken);
        }
    }
}
