using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.MailingList;

public static class MailingListServiceCollectionExtensions
{
    /// <summary>Signup with double opt-in, one-click unsubscribe, staff list tools and the newsletter sender.</summary>
    public static IHostApplicationBuilder AddMailingList(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        services.AddOptions<MailingListOptions>().BindConfiguration(MailingListOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MailingListOptions>, MailingListOptionsValidator>();

        services.AddSingleton<SignupFormGuard>();
        services.AddSingleton<WakeUpSignal<NewsletterSender>>();
        services.AddScoped<MailingListEmails>();
        services.AddScoped<MailingListService>();
        services.AddScoped<SubscriberAdministration>();
        services.AddScoped<SubscriberImporter>();
        services.AddScoped<NewsletterService>();
        services.AddScoped<NewsletterBatches>();
        services.AddScoped<IPersonalDataSource, SubscriberPersonalData>();

        services.AddHostedService<MailingListHousekeeping>();
        if (builder.Configuration.GetValue($"{MailingListOptions.SectionName}:Sending:Enabled", true))
        {
            services.AddHostedService<NewsletterSender>();
        }

        return builder;
    }
}
