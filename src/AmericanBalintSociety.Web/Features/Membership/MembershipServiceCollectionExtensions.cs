using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;

namespace AmericanBalintSociety.Web.Features.Membership;

public static class MembershipServiceCollectionExtensions
{
    /// <summary>ASP.NET Core Identity with its default UI (a Razor Pages area shown in the site's layout).</summary>
    public static IHostApplicationBuilder AddMembership(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        services.AddDefaultIdentity<ApplicationUser>(options =>
            {
                options.SignIn.RequireConfirmedAccount = true;
                options.User.RequireUniqueEmail = true;

                // Length over composition (NIST SP 800-63B): no character-class rules.
                options.Password.RequiredLength = PasswordRules.MemberMinimumLength;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 1;

                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AppDbContext>();

        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = "abs.auth";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SecurePolicy = WebFoundation.CookieSecurity(builder.Environment);
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.SlidingExpiration = true;
            cookie.ExpireTimeSpan = TimeSpan.FromDays(14);

            // A signed-in member who reaches a staff page gets a plain 403 (the site's "Not allowed" page),
            // not a redirect to a page that answers 200.
            cookie.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });

        services.AddScoped<StaffAccounts>();

        return builder;
    }
}

/// <summary>The password rules shared by registration and the <c>staff add</c> command.</summary>
public static class PasswordRules
{
    public const int MemberMinimumLength = 8;
    public const int StaffMinimumLength = 12;
    public const int MaximumLength = 128;
}
