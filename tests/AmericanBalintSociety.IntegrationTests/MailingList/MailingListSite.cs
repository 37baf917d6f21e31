using AmericanBalintSociety.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AmericanBalintSociety.IntegrationTests.MailingList;

/// <summary>A site whose clock the test moves (links expire, the hourly mail cap passes).</summary>
public sealed class MailingListSite : TestSite
{
    public MailingListSite()
    {
        TestServices = services => services.AddSingleton<TimeProvider>(Clock);

        // The list's background work would wake whenever the test moves the clock; its housekeeping is tested on its own.
        Settings["MailingList:Sending:Enabled"] = "false";
    }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);
}
