using System.Net;
using AmericanBalintSociety.Web.Features.Email;
using AmericanBalintSociety.Web.Features.Shared;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>
/// Every account mail (confirmation, reset, change of address, security notices), written by the site itself.
/// Each is added to the caller's unit of work through the outbox: nothing is sent unless the change it belongs to commits.
/// </summary>
public sealed class AccountEmails(EmailOutbox outbox, Organization organization)
{
    public const string Category = "account";

    public void ConfirmAccount(ApplicationUser user, Uri confirmLink)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(confirmLink);
        Enqueue(user.Email!, user.DisplayName, "Confirm your email address",
            $"""
            <p>{Greeting(user.DisplayName)}</p>
            <p>Thank you for creating an account with {Encode(organization.InSentence)}. Please confirm that this is your
            email address by opening this link:</p>
            <p><a href="{Encode(confirmLink.AbsoluteUri)}">Confirm my email address</a></p>
            <p>If you did not create an account, you can ignore this mail: without confirmation the account cannot be used.</p>
            """);
    }

    public void PasswordReset(ApplicationUser user, Uri resetLink)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(resetLink);
        Enqueue(user.Email!, user.DisplayName, "Choose a new password",
            $"""
            <p>{Greeting(user.DisplayName)}</p>
            <p>Someone, probably you, asked to choose a new password for your account. Open this link to do it:</p>
            <p><a href="{Encode(resetLink.AbsoluteUri)}">Choose a new password</a></p>
            <p>If you did not ask, you can ignore this mail: your password has not changed.</p>
            """);
    }

    /// <summary>Someone registered with an address that already has an account: tell its owner, not the form.</summary>
    public void AlreadyRegistered(ApplicationUser user, Uri signInLink, Uri resetLink)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(signInLink);
        ArgumentNullException.ThrowIfNull(resetLink);
        Enqueue(user.Email!, user.DisplayName, "You already have an account",
            $"""
            <p>{Greeting(user.DisplayName)}</p>
            <p>Someone, probably you, tried to create an account with this email address, which already has one.</p>
            <p><a href="{Encode(signInLink.AbsoluteUri)}">Sign in</a>, or if you have forgotten your password,
            <a href="{Encode(resetLink.AbsoluteUri)}">choose a new one</a>.</p>
            <p>If it was not you, you can ignore this mail; your account has not changed.</p>
            """);
    }

    /// <summary>The account was just locked after too many wrong passwords.</summary>
    public void LockedOut(ApplicationUser user, TimeSpan lockout, Uri resetLink)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(resetLink);
        Enqueue(user.Email!, user.DisplayName, "Your account was locked for a while",
            $"""
            <p>{Greeting(user.DisplayName)}</p>
            <p>After several wrong passwords in a row, sign-in to your account is blocked for {lockout.TotalMinutes:0} minutes.</p>
            <p>If that was you, wait and try again, or <a href="{Encode(resetLink.AbsoluteUri)}">choose a new password</a>.
            If it was not you, someone may be guessing your password: choosing a new, long one and turning on
            two-factor authentication in your account keeps them out.</p>
            """);
    }

    /// <summary>Two-factor authentication was turned on: if it was not the owner, someone has their password.</summary>
    public void TwoFactorTurnedOn(ApplicationUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        Enqueue(user.Email!, user.DisplayName, "Two-factor authentication is on",
            $"""
            <p>{Greeting(user.DisplayName)}</p>
            <p>An authenticator app was just set up for your account; from now on, signing in asks for a code from it.</p>
            <p>If you did not do this, someone else knows your password. Please write to the society's staff at once so
            they can lock the account and help you take it back.</p>
            """);
    }

    /// <summary>Staff turned two-factor authentication off (a lost phone): the member is told, in case they did not ask.</summary>
    public void TwoFactorReset(ApplicationUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        Enqueue(user.Email!, user.DisplayName, "Two-factor authentication was turned off",
            $"""
            <p>{Greeting(user.DisplayName)}</p>
            <p>The society's staff turned off two-factor authentication for your account, as is done when an
            authenticator is lost, and signed you out everywhere. You now sign in with your password alone; you can set
            up an authenticator again under My account → Two-factor authentication.</p>
            <p>If you did not ask for this, please write to the society's staff at once.</p>
            """);
    }

    /// <summary>A new address was asked for: the link that confirms it goes to that address.</summary>
    public void ConfirmNewAddress(ApplicationUser user, string newEmail, Uri confirmLink)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(confirmLink);
        Enqueue(newEmail, user.DisplayName, "Confirm your new email address",
            $"""
            <p>{Greeting(user.DisplayName)}</p>
            <p>You asked to use this address for your account with {Encode(organization.InSentence)}. Please confirm it by
            opening this link:</p>
            <p><a href="{Encode(confirmLink.AbsoluteUri)}">Confirm my new email address</a></p>
            <p>Until then your account keeps its old address. If you did not ask, you can ignore this mail.</p>
            """);
    }

    /// <summary>
    /// How the account signs in has changed: tell <paramref name="to"/> (for an email change, the old address), with a
    /// way to say it was not them.
    /// </summary>
    public void SecurityChanged(ApplicationUser user, string to, SecurityChange change, Uri notMeLink, TimeSpan linkLifetime, string? newEmail = null)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(notMeLink);
        var (subject, what, undo) = change switch
        {
            SecurityChange.EmailChanged => ("Your email address was changed",
                $"The email address of your account was changed from this address to {Encode(newEmail ?? "a new one")}.",
                " puts this address back on the account,"),
            SecurityChange.PasswordChanged => ("Your password was changed", "The password of your account was changed.", ""),
            SecurityChange.TwoFactorTurnedOff => ("Two-factor authentication was turned off",
                "Two-factor authentication was turned off for your account: signing in now needs only the password.", ""),
            SecurityChange.AuthenticatorReset => ("Your authenticator app was reset",
                "The authenticator app of your account was reset: the codes of the old app no longer work.", ""),
            _ => throw new ArgumentOutOfRangeException(nameof(change), change, null),
        };
        Enqueue(to, user.DisplayName, subject,
            $"""
            <p>{Greeting(user.DisplayName)}</p>
            <p>{what}</p>
            <p>If you did this, you need do nothing.</p>
            <p>If it was not you, someone else may be in your account. This link signs out every browser signed in to it,{undo}
            and mails you a link to choose a new password (it works for {linkLifetime.TotalDays:0} days):</p>
            <p><a href="{Encode(notMeLink.AbsoluteUri)}">This wasn't me: secure my account</a></p>
            """);
    }

    /// <summary>The owner said a change was not theirs: the account is secured; they choose a new password here.</summary>
    public void AccountSecured(ApplicationUser user, Uri resetLink)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(resetLink);
        Enqueue(user.Email!, user.DisplayName, "Your account is secured: choose a new password",
            $"""
            <p>{Greeting(user.DisplayName)}</p>
            <p>As you asked, every browser signed in to your account has been signed out, and its password no longer works.
            Choose a new one here:</p>
            <p><a href="{Encode(resetLink.AbsoluteUri)}">Choose a new password</a></p>
            <p>If signing in then asks for a code from an authenticator app that is not yours, use one of your recovery
            codes, or write to the society's staff, who can turn two-factor authentication off once they know it is you.</p>
            """);
    }

    private void Enqueue(string to, string? name, string subject, string bodyHtml) =>
        outbox.Enqueue(new EmailMessage(to, subject, EmailLayout.Html(subject, bodyHtml, organization.Name), EmailLayout.ToPlainText(bodyHtml))
        {
            ToName = name,
            Category = Category,
        });

    private static string Greeting(string? name) => string.IsNullOrWhiteSpace(name) ? "Hello," : $"Dear {Encode(name)},";

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
