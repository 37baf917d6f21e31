using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Email;

public static class EmailServiceCollectionExtensions
{
    /// <summary>The outbox, its dispatcher, and the transport chosen by <c>Email:Smtp:Host</c>.</summary>
    public static IHostApplicationBuilder AddEmail(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EmailOptions>, EmailOptionsValidator>();

        services.AddSingleton<WakeUpSignal<OutboxDispatcher>>();
        services.AddSingleton<IInterceptor, OutboxSignalInterceptor>();
        services.AddScoped<EmailOutbox>();
        services.AddScoped<MailAdministration>();
        services.AddHealthChecks().AddCheck<OutboxHealthCheck>("outbox");
        services.AddScoped<OutboxProcessor>();
        services.AddScoped<IPersonalDataSource, MailPersonalData>();
        services.AddScoped<MailRetention>();
        services.AddHostedService<MailHousekeeping>();

        services.AddSingleton<SmtpEmailTransport>();
        services.AddSingleton<PickupDirectoryEmailTransport>();
        services.AddSingleton<IEmailTransport>(sp =>
            string.IsNullOrWhiteSpace(sp.GetRequiredService<IOptions<EmailOptions>>().Value.Smtp.Host)
                ? sp.GetRequiredService<PickupDirectoryEmailTransport>()
                : sp.GetRequiredService<SmtpEmailTransport>());

        if (builder.Configuration.GetValue($"{EmailOptions.SectionName}:Dispatcher:Enabled", true))
        {
            services.AddHostedService<OutboxDispatcher>();
        }

        return builder;
    }
}
