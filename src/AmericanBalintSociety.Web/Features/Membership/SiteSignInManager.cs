using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Data.Auditing;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>
/// Identity's sign-in manager, with the site's account events on every sign-in path (password, authenticator code,
/// recovery code; Identity's own pages included): each success, failure and new lockout goes to the log and the
/// audit log (never a password or code), a new lockout mails the account's owner, and answers for accounts that
/// cannot sign in (unconfirmed, locked) take as long as a wrong password does, so timing does not tell them apart.
/// </summary>
public sealed class SiteSignInManager(
    UserManager<ApplicationUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<ApplicationUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<ApplicationUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ApplicationUser> confirmation,
    AppDbContext db,
    AuditLog audit,
    AccountEmails emails,
    SiteUrls urls,
    TimeProvider clock)
    : SignInManager<ApplicationUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    private static readonly Lock HashLock = new();
    private static string? _dummyHash;

    /// <summary>Spends the time a password check takes, for an address with no account (the sign-in page calls it).</summary>
    public void SpendPasswordCheckTime(string password)
    {
        var probe = new ApplicationUser();
        UserManager.PasswordHasher.VerifyHashedPassword(probe, DummyHash(probe), password ?? "");
    }

    public override async Task<SignInResult> CheckPasswordSignInAsync(ApplicationUser user, string password, bool lockoutOnFailure)
    {
        ArgumentNullException.ThrowIfNull(user);
        var wasLockedOut = await UserManager.IsLockedOutAsync(user);
        if (wasLockedOut || !await CanSignInAsync(user))
        {
            // Identity answers these without checking the password: spend the same time anyway.
            SpendPasswordCheckTime(password);
        }

        var result = await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);
        if (!result.Succeeded)
        {
            await RecordFailureAsync(user, "password", result, wasLockedOut);
        }

        return result;
    }

    public override async Task<SignInResult> PasswordSignInAsync(ApplicationUser user, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var result = await base.PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
        if (result.Succeeded)
        {
            await RecordSignInAsync(user, "password");
        }
        else if (result.RequiresTwoFactor)
        {
            Logger.LogInformation("Account {UserId}: password accepted, second factor required", user.Id);
        }

        return result;
    }

    public override async Task<SignInResult> TwoFactorAuthenticatorSignInAsync(string code, bool isPersistent, bool rememberClient)
    {
        var user = await GetTwoFactorAuthenticationUserAsync();
        var wasLockedOut = user is not null && await UserManager.IsLockedOutAsync(user);
        var result = await base.TwoFactorAuthenticatorSignInAsync(code, isPersistent, rememberClient);
        await RecordSecondFactorAsync(user, "authenticator code", result, wasLockedOut);
        return result;
    }

    public override async Task<SignInResult> TwoFactorRecoveryCodeSignInAsync(string recoveryCode)
    {
        var user = await GetTwoFactorAuthenticationUserAsync();
        var wasLockedOut = user is not null && await UserManager.IsLockedOutAsync(user);
        var result = await base.TwoFactorRecoveryCodeSignInAsync(recoveryCode);
        await RecordSecondFactorAsync(user, "recovery code", result, wasLockedOut);
        return result;
    }

    private async Task RecordSecondFactorAsync(ApplicationUser? user, string method, SignInResult result, bool wasLockedOut)
    {
        if (user is null)
        {
            return;
        }

        if (result.Succeeded)
        {
            await RecordSignInAsync(user, $"password and {method}");
        }
        else
        {
            await RecordFailureAsync(user, method, result, wasLockedOut);
        }
    }

    private async Task RecordSignInAsync(ApplicationUser user, string method)
    {
        user.LastSignInAt = clock.GetUtcNow();
        audit.Record(user.Id, user.Email ?? user.Id, "account.signed-in", AccountSubjects.For(user.Id), method);
        await UserManager.UpdateAsync(user); // saves the audit entry too
        Logger.LogInformation("Account {UserId} signed in with {Method}", user.Id, method);
    }

    private async Task RecordFailureAsync(ApplicationUser user, string method, SignInResult result, bool wasLockedOut)
    {
        var subject = AccountSubjects.For(user.Id);
        var actor = user.Email ?? user.Id;
        if (result.IsLockedOut && !wasLockedOut)
        {
            var lockout = Options.Lockout.DefaultLockoutTimeSpan;
            audit.Record(user.Id, actor, "account.locked-out", subject, $"after {Options.Lockout.MaxFailedAccessAttempts} failed attempts ({method})");
            if (user.Email is not null && Context is { } http)
            {
                emails.LockedOut(user, lockout, urls.Absolute(http.Request, AccountLinks.ForgotPasswordPath));
            }

            Logger.LogWarning("Account {UserId} locked out for {Minutes} minutes after failed sign-ins ({Method})", user.Id, lockout.TotalMinutes, method);
        }
        else
        {
            var reason = result.IsLockedOut ? "locked out" : result.IsNotAllowed ? "email not confirmed" : $"wrong {method}";
            audit.Record(user.Id, actor, "account.sign-in-failed", subject, reason);
            Logger.LogInformation("Sign-in to account {UserId} failed: {Reason}", user.Id, reason);
        }

        await db.SaveChangesAsync();
    }

    private string DummyHash(ApplicationUser probe)
    {
        lock (HashLock)
        {
            return _dummyHash ??= UserManager.PasswordHasher.HashPassword(probe, Guid.NewGuid().ToString("N"));
        }
    }
}
