using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.AspNetCore.Identity.UI.Services;

namespace AmericanBalintSociety.Web.Features.Email;

/// <summary>Identity's account mails (confirm, reset) go through the outbox like every other mail.</summary>
public sealed class IdentityEmailSender(EmailOutbox outbox, Organization organization) : IEmailSender
{
    public Task SendEmailAsync(string email, string subject, string htmlMessage) =>
        outbox.SendAsync(
            new EmailMessage(
                email,
                subject,
                EmailLayout.Html(subject, $"<p>{htmlMessage}</p>", organization.Name),
                EmailLayout.ToPlainText(htmlMessage))
            { Category = "account" },
            CancellationToken.None);
}
