using System.Security.Claims;
using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Features.News;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace AmericanBalintSociety.TestSupport;

/// <summary>Test data through the site's own services (the same path the editor takes).</summary>
public static class NewsData
{
    public static readonly ClaimsPrincipal Staff = new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "test-editor")], "test"));

    /// <summary>Creates an article public from <paramref name="publishedAt"/> (UTC; null for a draft).</summary>
    public static async Task<int> AddArticleAsync(
        this TestSite site, string title, DateTimeOffset? publishedAt, string body = "Some text.", string? slug = null,
        string? tags = null, string? summary = null, bool membersOnly = false, ArticleKind kind = ArticleKind.Article)
    {
        ArgumentNullException.ThrowIfNull(site);
        await using var scope = site.Services.CreateAsyncScope();
        var form = new ArticleForm
        {
            Title = title,
            Slug = slug,
            Summary = summary ?? $"Summary of {title}.",
            BodyMarkdown = body,
            Tags = tags,
            PublishAt = publishedAt?.UtcDateTime,
            MembersOnly = membersOnly,
            Kind = kind,
        };
        var result = await scope.ServiceProvider.GetRequiredService<ArticleAdminService>()
            .SaveAsync(form, publishedAt is null ? ArticleSaveAction.SaveDraft : ArticleSaveAction.PublishAtGivenTime, Staff, CancellationToken.None);
        return result.Value?.Id ?? throw new InvalidOperationException(result.Error);
    }

    /// <summary>A confirmed member account without any staff role.</summary>
    public static async Task AddMemberAsync(this TestSite site, string email, string password = Accounts.StrongPassword)
    {
        ArgumentNullException.ThrowIfNull(site);
        await using var scope = site.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var created = await users.CreateAsync(new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true }, password);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        }
    }

    /// <summary>A browser-like client signed in as a new account with the role (or none).</summary>
    public static async Task<HttpClient> SignedInClientAsync(this TestSite site, string email, string? role)
    {
        ArgumentNullException.ThrowIfNull(site);
        if (role is null)
        {
            await site.AddMemberAsync(email);
        }
        else
        {
            await site.AddStaffAsync(email, role);
        }

        // Staff need two-factor authentication for the staff pages: set it up and sign in with a code, as they would.
        var client = site.CreateBrowserClient();
        using var response = role is null
            ? await client.SignInAsync(email, Accounts.StrongPassword)
            : await client.SignInWithTwoFactorAsync(email, Accounts.StrongPassword, await site.EnableTwoFactorAsync(email));
        if (response.StatusCode != System.Net.HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in as {email} answered {response.StatusCode}");
        }

        return client;
    }
}
