using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Features.Admin.Audit;
using AmericanBalintSociety.Web.Features.Contact;
using AmericanBalintSociety.Web.Features.Email;
using AmericanBalintSociety.Web.Features.MailingList;
using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Features.Membership.Dues;
using AmericanBalintSociety.Web.Features.Membership.Levels;
using AmericanBalintSociety.Web.Features.News;
using AmericanBalintSociety.Web.Features.Shared;
using AmericanBalintSociety.Web.Features.Shop.Orders;
using AmericanBalintSociety.Web.Infrastructure.Payments;
using AmericanBalintSociety.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Admin;

public sealed record DashboardViewModel(
    NewsCounts News, NewsCounts Pages, SubscriberCounts Subscribers, ContactCounts? Messages, OrderCounts? Orders, string? ShopProblem, string? MembershipProblem, IReadOnlyList<string> StillToSet,
    IReadOnlyList<AuditLine> RecentActivity, MembershipFigures? Membership = null, Web.Features.Donations.GiftFigures? Gifts = null, Data.Backups.BackupStatus? Backups = null, MailCounts? Mail = null);

/// <summary>The staff dashboard. Every staff page is for Admin and Editor only, checked here on the server.</summary>
[Authorize(Policy = Policies.Staff)]
[Route("admin")]
public sealed class AdminController(
    ArticleAdminService articles, SubscriberAdministration subscribers, OrderAdministration orders, IOptions<StripeOptions> stripe,
    IOptions<SiteOptions> site, IOptions<OrganizationOptions> organization, IOptions<ContactOptions> contact, ContactInbox messages, MembershipLevels levels, MembershipAdministration memberships, Web.Features.Donations.GiftAdministration gifts, Data.Backups.BackupJobs backups, IOptions<Data.Backups.BackupOptions> backupOptions, MailAdministration mail, KeyEncryptionStatus keys,
    AppDbContext db) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var recent = User.IsInRole(Roles.Admin)
            ? await new AuditWords(db).LinesAsync(await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Id).Take(10).ToListAsync(cancellationToken), cancellationToken)
            : [];
        var isAdmin = User.IsInRole(Roles.Admin);
        return View(new DashboardViewModel(
            await articles.CountsAsync(ArticleKind.Article, cancellationToken), await articles.CountsAsync(ArticleKind.Page, cancellationToken),
            await subscribers.CountsAsync(cancellationToken),
            isAdmin ? await messages.CountsAsync(cancellationToken) : null,
            isAdmin ? await orders.CountsAsync(cancellationToken) : null, ShopProblem(stripe.Value),
            isAdmin ? await levels.NotOpenBecauseAsync(cancellationToken) : null, isAdmin ? StillToSet() : [], recent,
            isAdmin ? await memberships.FiguresAsync(cancellationToken) : null,
            isAdmin ? await gifts.FiguresAsync(cancellationToken) : null,
            isAdmin ? await backups.StatusAsync(backupOptions.Value.DailyAt is not null, cancellationToken) : null,
            isAdmin ? await mail.CountsAsync(cancellationToken) : null));
    }

    /// <summary>What a new society still has to set on the server, in words an Admin can pass on to whoever runs it.</summary>
    private List<string> StillToSet()
    {
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(site.Value.ContactEmail))
        {
            missing.Add("Site:ContactEmail, the society's public e-mail address: the contact page and the footer show none yet.");
        }

        if (!contact.Value.HasRecipients)
        {
            missing.Add("Contact:Recipients (at least Contact:Recipients:Default:0), who receives the contact form's messages: "
                + "until it is set they are only kept here, under Messages, and nobody is told of them.");
        }

        if (string.IsNullOrWhiteSpace(organization.Value.Ein))
        {
            missing.Add("Organization:Ein, the society's Employer Identification Number (e.g. 12-3456789): until it is set, gift receipts say it is available on request.");
        }

        if (keys.Missing)
        {
            missing.Add("DataProtection:Certificate:Path and its password: the keys that sign sign-ins and download links are stored unencrypted, "
                + "so a copy of the database is enough to forge a staff sign-in (docs/operations.md, Data-protection keys).");
        }

        return missing;
    }

    /// <summary>Why the shop cannot take (or settle) orders, in words staff can pass on to whoever runs the server.</summary>
    private static string? ShopProblem(StripeOptions options)
    {
        if (StripeGateway.Unavailable(options) is { } reason)
        {
            return $"Ordering is off: {reason} Set it (and Stripe:WebhookSecret) in the server's environment.";
        }

        return string.IsNullOrWhiteSpace(options.WebhookSecret)
            ? "Stripe:WebhookSecret is not set: Stripe's webhooks are refused, so paid orders are only settled by the success page and the reconciliation every few minutes."
            : null;
    }
}
