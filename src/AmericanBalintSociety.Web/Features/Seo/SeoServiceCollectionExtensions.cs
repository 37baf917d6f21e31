namespace AmericanBalintSociety.Web.Features.Seo;

public static class SeoServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddSeo(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<SiteIcons>();
        builder.Services.AddSingleton<OpenGraphImage>();
        return builder;
    }
}
