using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Donations;

public static class DonationsServiceCollectionExtensions
{
    /// <summary>Gifts through Stripe Checkout, their webhooks and receipts (issue 17).</summary>
    public static IHostApplicationBuilder AddDonations(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<DonationOptions>().BindConfiguration(DonationOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DonationOptions>, DonationOptionsValidator>();
        services.AddOptions<OrganizationOptions>().BindConfiguration(OrganizationOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OrganizationOptions>, OrganizationOptionsValidator>();
        services.AddScoped<GiftReceipt>();
        services.AddScoped<DonationEmails>();
        services.AddScoped<DonationCheckout>();
        services.AddScoped<GiftFulfilment>();
        services.AddScoped<Infrastructure.Payments.IStripeEventConsumer>(provider => provider.GetRequiredService<GiftFulfilment>());
        services.AddScoped<GiftPlanFulfilment>();
        services.AddScoped<Infrastructure.Payments.IStripeEventConsumer>(provider => provider.GetRequiredService<GiftPlanFulfilment>());
        services.AddScoped<MonthlyGiving>();
        services.AddScoped<GiftReconciliation>();
        services.AddScoped<GiftAdministration>();
        services.AddScoped<GiftAmounts>();
        services.AddScoped<GiftStatements>();
        services.AddScoped<Membership.IPersonalDataSource, GiftPersonalData>();
        if (builder.Configuration.GetValue($"{DonationOptions.SectionName}:{nameof(DonationOptions.ReconcileEnabled)}", true))
        {
            services.AddHostedService<GiftReconciler>();
        }
        return builder;
    }
}
