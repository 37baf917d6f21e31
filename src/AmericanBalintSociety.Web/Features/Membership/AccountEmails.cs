using System.Net;
using AmericanBalintSociety.Web.Features.Email;
using AmericanBalintSociety.Web.Features.Shared;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>
/// The account mails the site writes itself (the rest come from Identity's pages through <see cref="IdentityEmailSender"/>).
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
            <p>Thank you for creating an account with the {Encode(organization.Name)}. Please confirm that this is your
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

    private void Enqueue(string to, string? name, string subject, string bodyHtml) =>
        outbox.Enqueue(new EmailMessage(to, subject, EmailLayout.Html(subject, bodyHtml, organization.Name), EmailLayout.ToPlainText(bodyHtml))
        {
            ToName = name,
            Category = Category,
        });

    private static string Greeting(string? name) => string.IsNullOrWhiteSpace(name) ? "Hello," : $"Dear {Encode(name)},";

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
