using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Features.Shared;
using AmericanBalintSociety.Web.Features.Shop.Carts;
using AmericanBalintSociety.Web.Features.Shop.Catalog;
using AmericanBalintSociety.Web.Features.Shop.Checkout;
using AmericanBalintSociety.Web.Features.Shop.Downloads;
using AmericanBalintSociety.Web.Features.Shop.Orders;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Shop;

public static class ShopServiceCollectionExtensions
{
    /// <summary>Catalogue, carts, Stripe Checkout and webhooks, fulfilment, downloads, reconciliation.</summary>
    public static IHostApplicationBuilder AddShop(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        services.AddOptions<ShopOptions>().BindConfiguration(ShopOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ShopOptions>, ShopOptionsValidator>();

        services.AddHttpContextAccessor();
        services.AddSingleton<EbookStore>();
        services.AddScoped<CatalogService>();
        services.AddScoped<CartService>();
        services.AddSingleton<CartCookie>();
        services.AddSingleton<MemberCartCounts>();
        services.AddSingleton<IHeaderCartCount, HeaderCartCount>();
        services.AddScoped<CheckoutService>();
        services.AddScoped<OrderFulfilment>();
        services.AddScoped<Infrastructure.Payments.IStripeEventConsumer>(provider => provider.GetRequiredService<OrderFulfilment>());
        services.AddScoped<OrderReconciliation>();
        services.AddScoped<EbookDownloads>();
        services.AddScoped<ShopEmails>();
        services.AddScoped<OrderAdministration>();
        services.AddScoped<CatalogAdministration>();
        services.AddScoped<IPersonalDataSource, ShopPersonalData>();

        if (builder.Configuration.GetValue($"{ShopOptions.SectionName}:ReconcileEnabled", true))
        {
            services.AddHostedService<OrderReconciler>();
        }

        // At sign-in, the visitor's cart joins the member's.
        services.PostConfigure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme, cookie =>
        {
            var previous = cookie.Events.OnSignedIn;
            cookie.Events.OnSignedIn = async context =>
            {
                await previous(context);
                var userId = context.Principal?.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
                if (userId is null)
                {
                    return;
                }

                try
                {
                    await context.HttpContext.RequestServices.GetRequiredService<CartService>()
                        .MergeAtSignInAsync(context.HttpContext, userId, context.HttpContext.RequestAborted);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Signing in matters more than the cart: the visitor's cart stays under its cookie.
                    context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger<CartService>()
                        .LogWarning(ex, "Merging the visitor's cart at sign-in failed");
                }
            };
        });
        return builder;
    }
}
