using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Infrastructure.Payments;

public static class StripeServiceCollectionExtensions
{
    /// <summary>Stripe's settings (validated at start) and the <see cref="StripeGateway"/> every payment goes through.</summary>
    public static IHostApplicationBuilder AddStripe(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<StripeOptions>().BindConfiguration(StripeOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<StripeOptions>, StripeOptionsValidator>();
        builder.Services.AddScoped<StripeEventDispatcher>();
        builder.Services.AddSingleton<StripeGateway>();
        return builder;
    }
}
