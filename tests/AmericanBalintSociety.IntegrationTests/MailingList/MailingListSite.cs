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
    }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);
}
