namespace AmericanBalintSociety.Web.Features.Navigation;

public static class NavigationServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddNavigation(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<SiteMenu>();
        return builder;
    }
}
