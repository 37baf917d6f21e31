using AmericanBalintSociety.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AmericanBalintSociety.IntegrationTests.News;

/// <summary>A site whose clock the test moves (a scheduled article's moment can pass on demand).</summary>
public sealed class NewsSite : TestSite
{
    public NewsSite()
    {
        TestServices = services => services.AddSingleton<TimeProvider>(Clock);
    }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);
}
