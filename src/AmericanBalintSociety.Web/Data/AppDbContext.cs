using AmericanBalintSociety.Web.Data.Auditing;
using AmericanBalintSociety.Web.Data.Seeding;
using AmericanBalintSociety.Web.Features.Contact;
using AmericanBalintSociety.Web.Features.Donations;
using AmericanBalintSociety.Web.Features.Email;
using AmericanBalintSociety.Web.Features.MailingList;
using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Features.Membership.Directory;
using AmericanBalintSociety.Web.Features.Membership.Dues;
using AmericanBalintSociety.Web.Features.Membership.Levels;
using AmericanBalintSociety.Web.Features.Navigation;
using AmericanBalintSociety.Web.Features.News;
using AmericanBalintSociety.Web.Features.Shop.Carts;
using AmericanBalintSociety.Web.Features.Shop.Catalog;
using AmericanBalintSociety.Web.Features.Shop.Downloads;
using AmericanBalintSociety.Web.Features.Shop.Orders;
using AmericanBalintSociety.Web.Infrastructure.Payments;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Data;

/// <summary>
/// The one EF Core model of the site: Identity, content, shop, mail outbox and data-protection keys.
/// Each database provider has a subclass (<see cref="SqliteAppDbContext"/>, <see cref="SqlServerAppDbContext"/>)
/// that owns its migrations; the rest of the code only ever asks for <see cref="AppDbContext"/>.
/// </summary>
public abstract class AppDbContext(DbContextOptions options)
    : IdentityDbContext<ApplicationUser>(options), IDataProtectionKeyContext
{
    public DbSet<Article> Articles => Set<Article>();

    public DbSet<ArticleTag> ArticleTags => Set<ArticleTag>();

    public DbSet<ArticleRevision> ArticleRevisions => Set<ArticleRevision>();

    public DbSet<ArticleSlugRedirect> ArticleSlugRedirects => Set<ArticleSlugRedirect>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<MenuItem> MenuItems => Set<MenuItem>();

    public DbSet<MembershipLevel> MembershipLevels => Set<MembershipLevel>();

    public DbSet<SocietyMembership> Memberships => Set<SocietyMembership>();

    public DbSet<MembershipPayment> MembershipPayments => Set<MembershipPayment>();

    public DbSet<MembershipNotice> MembershipNotices => Set<MembershipNotice>();

    public DbSet<DirectoryEntry> DirectoryEntries => Set<DirectoryEntry>();

    public DbSet<MemberNote> MemberNotes => Set<MemberNote>();

    public DbSet<Gift> Gifts => Set<Gift>();

    public DbSet<GiftPlan> GiftPlans => Set<GiftPlan>();

    public DbSet<GivingSettings> GivingSettings => Set<GivingSettings>();

    public DbSet<GiftStatement> GiftStatements => Set<GiftStatement>();

    public DbSet<Backups.BackupRun> BackupRuns => Set<Backups.BackupRun>();


    public DbSet<ContactMessage> ContactMessages => Set<ContactMessage>();

    public DbSet<Book> Books => Set<Book>();

    public DbSet<BookFormat> BookFormats => Set<BookFormat>();

    public DbSet<Cart> Carts => Set<Cart>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<OrderLine> OrderLines => Set<OrderLine>();

    public DbSet<OrderEvent> OrderEvents => Set<OrderEvent>();

    public DbSet<OrderRefund> OrderRefunds => Set<OrderRefund>();

    public DbSet<StripeEventRecord> StripeEvents => Set<StripeEventRecord>();

    public DbSet<DownloadGrant> DownloadGrants => Set<DownloadGrant>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<Subscriber> Subscribers => Set<Subscriber>();

    public DbSet<SubscriberImport> SubscriberImports => Set<SubscriberImport>();

    public DbSet<Newsletter> Newsletters => Set<Newsletter>();

    public DbSet<SeedRecord> SeedRecords => Set<SeedRecord>();

    public DbSet<SignInSession> SignInSessions => Set<SignInSession>();

    public DbSet<AccountMailThrottle> AccountMailThrottles => Set<AccountMailThrottle>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Jobs.JobLease> JobLeases => Set<Jobs.JobLease>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }
}
