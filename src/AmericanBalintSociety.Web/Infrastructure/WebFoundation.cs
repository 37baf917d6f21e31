using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Data.Seeding;
using AmericanBalintSociety.Web.Features.Shared;
using AmericanBalintSociety.Web.Infrastructure.Redis;
using AmericanBalintSociety.Web.Infrastructure.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace AmericanBalintSociety.Web.Infrastructure;

/// <summary>What every feature stands on: MVC with feature folders, security, health, logging, seed content.</summary>
public static class WebFoundation
{
    /// <summary>Largest request body the site accepts (an article's cover image is the largest upload).</summary>
    public const long MaxRequestBodyBytes = 10 * 1024 * 1024;

    /// <summary>
    /// Cookies are always marked Secure, except in Development, where the site runs on plain
    /// http://localhost and they are Secure whenever the request is.
    /// </summary>
    public static CookieSecurePolicy CookieSecurity(IHostEnvironment environment) =>
        environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;

    /// <summary>What every feature stands on, in order: logging, the site's own settings, MVC, cookies, hosts and transport, request limits, keys, health and rate limits.</summary>
    public static IHostApplicationBuilder AddWebFoundation(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddLogging(builder);
        AddSite(builder.Services);
        AddMvc(builder.Services);
        AddCookies(builder.Services, builder.Environment);
        AddHostsAndTransport(builder);
        AddRequestLimits(builder);
        var dataProtection = builder.Services.AddDataProtection()
            .SetApplicationName("AmericanBalintSociety")
            .PersistKeysToDbContext<AppDbContext>();
        builder.Services.AddSingleton(new KeyEncryptionStatus(
            Encrypted: KeyEncryption.Configure(dataProtection, builder.Configuration), Expected: !builder.Environment.IsDevelopment()));
        builder.Services.AddHostedService<KeyEncryptionCheck>();

        builder.Services.AddSingleton<SecurityEventLog>();
        builder.Services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database");
        builder.Services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.AddSiteRedis(); // before the rate limits (which count in it) and the output cache (which may live in it)
        builder.Services.AddSiteRateLimiting(builder.Configuration);

        return builder;
    }

    private static void AddLogging(WebApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment())
        {
            // One JSON object a line: what log collectors read.
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o =>
            {
                // No scopes: ASP.NET Core's request scope repeats the raw path on every line, and some paths hold a
                // token (a receipt's, a download's). The request line carries the trace id instead.
                o.IncludeScopes = false;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'"; // ISO 8601, UTC
            });
        }

        // One line per request: method, path (never the query string, which can hold a token), status and duration.
        builder.Services.AddHttpLogging(logging =>
        {
            logging.LoggingFields = Microsoft.AspNetCore.HttpLogging.HttpLoggingFields.RequestMethod | Microsoft.AspNetCore.HttpLogging.HttpLoggingFields.RequestPath
                | Microsoft.AspNetCore.HttpLogging.HttpLoggingFields.ResponseStatusCode | Microsoft.AspNetCore.HttpLogging.HttpLoggingFields.Duration;
            logging.CombineLogs = true;
        });
        builder.Services.AddHttpLoggingInterceptor<RequestLogRedaction>();
    }

    /// <summary>The clock, the society's details, the site's settings, time zone and addresses, the seed content.</summary>
    private static void AddSite(IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => Organization.Load(
            Path.Combine(SeedContentLoader.SeedDirectory(sp.GetRequiredService<IHostEnvironment>()), "organization.md")));
        services.AddOptions<SiteOptions>().BindConfiguration(SiteOptions.SectionName)
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _), "Site:TimeZone is not a known time zone (use an IANA id such as America/New_York).")
            .Validate(o => string.IsNullOrEmpty(o.PublicBaseUrl) || Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out _), "Site:PublicBaseUrl must be an absolute URL.")
            .Validate(o => string.IsNullOrWhiteSpace(o.DataDirectory) || Path.IsPathRooted(o.DataDirectory),
                "Site:DataDirectory must be an absolute path (e.g. /var/lib/abs), outside the published app's folder.")
            .Validate(o => string.IsNullOrWhiteSpace(o.ContactEmail) || System.Net.Mail.MailAddress.TryCreate(o.ContactEmail, out _), "Site:ContactEmail must be an e-mail address.")
            // Mailed links (password reset, confirmation, downloads) are built from it; without it they would come from
            // the request's Host header, which anyone can forge. Only Development, on localhost, may do without.
            .Validate<IHostEnvironment>((o, environment) => environment.IsDevelopment() || SiteOptions.IsHttpsAddress(o.PublicBaseUrl),
                "Site:PublicBaseUrl is required outside Development: the site's public https address (e.g. https://www.americanbalintsociety.org). Every mailed link is built from it, never from a request's Host header.")
            .ValidateOnStart();
        services.AddSingleton<SiteTime>();
        services.AddSingleton<SiteUrls>();
        services.AddSingleton<SiteData>();
        services.AddSingleton<PageShells>();
        services.AddScoped<SeedContentLoader>();
    }

    /// <summary>MVC with feature folders and antiforgery on every unsafe request; Razor Pages for Identity's account pages.</summary>
    private static void AddMvc(IServiceCollection services)
    {
        services.AddControllersWithViews(mvc =>
            {
                // Every unsafe request (POST, PUT, DELETE…) must carry a valid antiforgery token unless an
                // action opts out explicitly (the Stripe webhook will, with its own signature check).
                mvc.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
                mvc.Filters.Add<AntiforgeryRefusalLogger>(); // a security event for each refused token
                mvc.ModelBinderProviders.Insert(0, new OnOffModelBinderProvider());
            })
            .AddRazorOptions(razor => razor.ViewLocationExpanders.Add(new FeatureViewLocationExpander()));
        services.AddRazorPages(pages =>
        {
            // Identity's account forms (sign-in, registration, reset…) are what bots hammer: limit their posts per IP.
            pages.Conventions.AddAreaFolderApplicationModelConvention("Identity", "/Account", model =>
                model.EndpointMetadata.Add(new EnableRateLimitingAttribute(RateLimitPolicies.Forms)));
        });
    }

    private static void AddCookies(IServiceCollection services, IHostEnvironment environment)
    {
        var cookieSecurity = CookieSecurity(environment);
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = SiteCookies.Name(SiteCookies.Antiforgery, environment);
            antiforgery.Cookie.SecurePolicy = cookieSecurity;
            antiforgery.Cookie.HttpOnly = true;
        });

        // TempData (the status line after a form) rides in a cookie of its own name, with the same protections.
        services.Configure<CookieTempDataProviderOptions>(tempData =>
        {
            tempData.Cookie.Name = SiteCookies.Name(SiteCookies.TempData, environment);
            tempData.Cookie.SecurePolicy = cookieSecurity;
            tempData.Cookie.HttpOnly = true;
            tempData.Cookie.SameSite = SameSiteMode.Lax;
        });

        services.Configure<CookiePolicyOptions>(cookies =>
        {
            cookies.Secure = cookieSecurity;
            cookies.HttpOnly = Microsoft.AspNetCore.CookiePolicy.HttpOnlyPolicy.Always;
            cookies.MinimumSameSitePolicy = SameSiteMode.Lax;
        });
    }

    private static void AddHostsAndTransport(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // Outside Development the public address is required (AddSite) and only its host is served: a forged Host
        // header gets 400 before any page runs, and every mailed link is built from the address, never the request.
        // An explicit AllowedHosts setting wins (a second public name, a balancer probing /healthz by IP).
        if (!builder.Environment.IsDevelopment())
        {
            services.AddOptions<Microsoft.AspNetCore.HostFiltering.HostFilteringOptions>()
                .PostConfigure<Microsoft.Extensions.Options.IOptions<SiteOptions>>((hosts, site) =>
                {
                    if (hosts.AllowedHosts.All(h => h == "*") && Uri.TryCreate(site.Value.PublicBaseUrl, UriKind.Absolute, out var publicUri))
                    {
                        hosts.AllowedHosts = [publicUri.Host];
                    }
                });
        }

        services.AddHsts(hsts =>
        {
            hsts.MaxAge = TimeSpan.FromDays(365);
            hsts.IncludeSubDomains = true;
        });

        // Behind a reverse proxy the client's address and scheme come from X-Forwarded-*; see docs/operations.md.
        services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        });
    }

    private static void AddRequestLimits(WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            kestrel.AddServerHeader = false;
        });
        builder.Services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(form =>
        {
            form.MultipartBodyLengthLimit = MaxRequestBodyBytes;
            form.ValueCountLimit = 256;
        });
    }

    /// <summary>The request pipeline, in order (docs/architecture.md).</summary>
    /// <param name="app">The built site.</param>
    /// <param name="useOutputCache">
    /// Whether a feature serves pages from the output cache (the news does, unless <c>News:OutputCache</c> is off); when
    /// none does, its middleware stays out of every request.
    /// </param>
    public static WebApplication UseWebFoundation(this WebApplication app, bool useOutputCache)
    {
        ArgumentNullException.ThrowIfNull(app);

        var development = app.Environment.IsDevelopment();
        if (development)
        {
            app.UseDeveloperExceptionPage();
        }
        else
        {
            app.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandlingPath = "/error",
                // A request's own fault (too large, malformed) gets its 4xx page and no Error line: a scan would flood the log.
                SuppressDiagnosticsCallback = context => RequestFaults.StatusOf(context.Exception) is not null,
            });
            app.UseHsts();
        }

        app.UseSecurityHeaders();
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        if (!development)
        {
            // Development runs on plain http://localhost (README); everywhere else HTTPS is required: redirected when
            // the HTTPS port is known, else refused with a page that tells the operator what to set.
            app.UseHttpsRedirection();
            app.UsePlainHttpGuard();
            PlainHttpGuard.WarnAtStart(app);
        }

        app.UseCookiePolicy();
        app.UseRouting();
        app.UseHttpLogging(); // after routing: a path with a token is logged as its route's template

        // Files the build knows are served by MapStaticAssets (fingerprinted, compressed). This serves what an
        // operator drops into wwwroot later (a site-verification file, say); it skips requests an endpoint took.
        app.UseStaticFiles();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseMiddleware<SignInCookieRefusals>();
        app.UseAuthorization();
        if (useOutputCache)
        {
            app.UseOutputCache();
        }

        // Readiness (the database answers; degraded, still 200, when mail, backups or disk need the operator) and liveness.
        app.MapHealthChecks("/healthz", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { ResponseWriter = HealthResponse.WriteAsync })
            .DisableRateLimiting();
        app.MapHealthChecks("/healthz/live", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponse.WriteAsync })
            .DisableRateLimiting();
        app.MapStaticAssets();
        app.MapControllers();
        app.MapRazorPages();
        return app;
    }
}
