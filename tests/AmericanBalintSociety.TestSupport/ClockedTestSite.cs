using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AmericanBalintSociety.TestSupport;

/// <summary>A site whose clock the test moves (a scheduled article's moment, a link's expiry, the hourly mail cap).</summary>
public class ClockedTestSite : TestSite
{
    public ClockedTestSite()
    {
        TestServices = services => services.AddSingleton<TimeProvider>(Clock);
    }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);
}
