using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Features.Shared;
using AmericanBalintSociety.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace AmericanBalintSociety.Web.Features.Membership;

public static class MembershipServiceCollectionExtensions
{
    /// <summary>ASP.NET Core Identity with the site's account pages (a Razor Pages area shown in the site's layout), the staff policies and the account services.</summary>
    public static IHostApplicationBuilder AddMembership(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        AddIdentity(services);
        AddSessionValidation(services);
        services.AddAuthorizationBuilder();
        services.Configure<AuthorizationOptions>(Policies.Add);
        services.AddScoped<IAuthorizationHandler, StaffAccessHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, StaffAuthorizationResultHandler>();

        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = SiteCookies.Name(SiteCookies.SignIn, builder.Environment);
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SecurePolicy = WebFoundation.CookieSecurity(builder.Environment);
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.SlidingExpiration = true;
            cookie.ExpireTimeSpan = TimeSpan.FromDays(14);
            cookie.LoginPath = AccountLinks.SignInPath;
            cookie.LogoutPath = AccountLinks.SignOutPath;

            // A signed-in member who reaches a staff page gets a plain 403 (the site's "Not allowed" page),
            // not a redirect to a page that answers 200.
            cookie.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };

            // Identity checks the session against its account (the security stamp) once every ValidationInterval, but
            // its check resolves SignInManager, UserManager and the user store on every signed-in request just to find
            // the interval has not passed. The same test on the ticket's issue time comes first here, so a request
            // between checks resolves nothing; when one is due, Identity's own validator runs as before.
            cookie.Events.OnValidatePrincipal = context =>
            {
                var stamp = context.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<SecurityStampValidatorOptions>>().Value;
                var now = (stamp.TimeProvider ?? TimeProvider.System).GetUtcNow();
                return context.Properties.IssuedUtc is { } issued && now - issued <= stamp.ValidationInterval
                    ? Task.CompletedTask
                    : SecurityStampValidator.ValidatePrincipalAsync(context);
            };
        });

        // Identity's other cookies (between the password and the code, "remember this browser", external sign-in) get
        // the site's names and protections too.
        foreach (var (scheme, name) in new[]
        {
            (IdentityConstants.TwoFactorUserIdScheme, SiteCookies.TwoFactorUser),
            (IdentityConstants.TwoFactorRememberMeScheme, SiteCookies.TwoFactorRememberMachine),
            (IdentityConstants.ExternalScheme, SiteCookies.ExternalSignIn),
        })
        {
            services.Configure<CookieAuthenticationOptions>(scheme, cookie =>
            {
                cookie.Cookie.Name = SiteCookies.Name(name, builder.Environment);
                cookie.Cookie.SecurePolicy = WebFoundation.CookieSecurity(builder.Environment);
                cookie.Cookie.HttpOnly = true;
            });
        }

        // Sessions are kept on the server: signing out ends one for good, and an account's can all be ended at once.
        services.AddSingleton<SignInSessionStore>();
        services.AddSingleton<IHeaderAccountLinks, HeaderAccountLinks>();
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<SignInSessionStore>((cookie, store) => cookie.SessionStore = store)
            // Each browser's cookie is decrypted once a minute, not on every request (after the cookie handler's own
            // post-configuration, registered with Identity above, has made its data-protection format).
            .PostConfigure(cookie => cookie.TicketDataFormat = new CachedTicketDataFormat(cookie.TicketDataFormat));
        services.AddScoped<SignInSessions>();

        services.Configure<Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions>(pages =>
        {
            // Every "My account" page needs a signed-in visitor, whatever its page model says (as Identity's UI had it).
            pages.Conventions.AuthorizeAreaFolder("Identity", "/Account/Manage");

            // Identity's second sign-in step pages answered 500 without the password step's cookie: send such visitors back.
            foreach (var page in TwoFactorStepFilter.Pages)
            {
                pages.Conventions.AddAreaPageApplicationModelConvention("Identity", page,
                    model => model.Filters.Add(new Microsoft.AspNetCore.Mvc.TypeFilterAttribute(typeof(TwoFactorStepFilter))));
            }
        });

        services.AddScoped<StaffAccounts>();
        services.AddScoped<Levels.MembershipLevels>();
        services.AddScoped<Dues.MembershipGrants>();
        services.AddScoped<Dues.MembershipEmails>();
        services.AddScoped<Dues.MembershipDues>();
        services.AddScoped<Infrastructure.Payments.IStripeEventConsumer>(s => s.GetRequiredService<Dues.MembershipDues>());
        services.AddScoped<Dues.MembershipCheckout>();
        services.AddScoped<Dues.MembershipSelfService>();
        services.AddScoped<Dues.MembersOnlyAccess>();
        services.AddScoped<Directory.MemberDirectory>();
        services.AddScoped<Dues.MembershipAdministration>();
        services.AddScoped<Dues.MembershipReconciliation>();
        services.AddScoped<Dues.MembershipReminders>();
        if (builder.Configuration.GetValue($"{MembershipOptions.SectionName}:{nameof(MembershipOptions.SweepEnabled)}", true))
        {
            services.AddHostedService<Dues.MembershipSweeper>();
        }
        services.AddOptions<MembershipOptions>().BindConfiguration(MembershipOptions.SectionName).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<MembershipOptions>, MembershipOptionsValidator>();
        services.AddScoped<AccountRegistration>();
        services.AddScoped<EmailAddressChange>();
        services.AddScoped<AccountSecurityNotices>();
        services.AddScoped<AccountLockdown>();
        services.AddScoped<AccountEmails>();
        services.AddScoped<AccountLinks>();
        services.AddSingleton<AccountMailRequests>();
        services.AddScoped<AccountMailLimit>();
        services.AddHostedService<AccountMailWorker>();
        services.AddScoped<PersonalDataExport>();
        services.AddScoped<AccountDeletion>();
        services.AddScoped<MemberAdministration>();
        services.AddScoped<IPersonalDataSource, AccountPersonalData>();
        services.AddScoped<IPersonalDataSource, AuditPersonalData>();
        services.AddScoped<IPersonalDataSource, Dues.MembershipPersonalData>();

        return builder;
    }

    /// <summary>
    /// Accounts with confirmed addresses, length-over-composition passwords, lockout, roles and the site's sign-in manager.
    /// What <c>AddDefaultIdentity</c> registers, without Identity's default UI: every account page is the site's own (in
    /// Areas/Identity), so the UI package's pages are neither reachable nor discovered at start (ADR 0018).
    /// </summary>
    private static void AddIdentity(IServiceCollection services)
    {
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.AddIdentityCore<ApplicationUser>(options =>
            {
                // Stores.MaxLengthForKeys stays 0 (AddDefaultIdentity sets 128): the model comes from the design-time factories,
                // which never set it, through the migrations and the compiled model; 128 here never reached it.
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
            .AddDefaultTokenProviders()
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddUserManager<SiteUserManager>()
            .AddSignInManager<SiteSignInManager>()
            .AddClaimsPrincipalFactory<SiteClaimsPrincipalFactory>()
            .AddTokenProvider<ReplayProofAuthenticatorTokenProvider>(TokenOptions.DefaultAuthenticatorProvider)
            .AddPasswordValidator<SitePasswordValidator>();

        // PBKDF2 work factor; a hash made with fewer iterations is re-made at the next successful sign-in.
        services.Configure<PasswordHasherOptions>(o => o.IterationCount = PasswordRules.HashIterations);
        services.AddSingleton<CommonPasswords>();
    }

    /// <summary>How often a signed-in session is checked against its account, keeping how it signed in.</summary>
    private static void AddSessionValidation(IServiceCollection services)
    {
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SecurityStampValidatorOptions>()
            .Configure<Microsoft.Extensions.Options.IOptions<SecurityOptions>>((stamp, security) =>
            {
                stamp.ValidationInterval = security.Value.SessionValidationInterval;

                // A re-validated session keeps its record of how it signed in (amr=mfa opens the staff pages).
                stamp.OnRefreshingPrincipal = refreshing =>
                {
                    var identity = refreshing.NewPrincipal?.Identities.FirstOrDefault();
                    if (identity is not null && !identity.HasClaim(c => c.Type == "amr"))
                    {
                        foreach (var amr in refreshing.CurrentPrincipal?.FindAll("amr") ?? [])
                        {
                            identity.AddClaim(new System.Security.Claims.Claim("amr", amr.Value));
                        }
                    }

                    return Task.CompletedTask;
                };
            });
    }
}
