using AmericanBalintSociety.Web.Features.Membership;

namespace AmericanBalintSociety.Web.Features.Contact;

public static class ContactServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddContact(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<ContactOptions>().BindConfiguration(ContactOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<ContactService>();
        services.AddScoped<ContactInbox>();
        services.AddScoped<IPersonalDataSource, ContactPersonalData>();
        services.AddHostedService<ContactHousekeeping>();
        return builder;
    }
}
