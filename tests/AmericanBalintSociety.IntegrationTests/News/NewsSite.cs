using AmericanBalintSociety.TestSupport;

namespace AmericanBalintSociety.IntegrationTests.News;

/// <summary>A site whose clock the test moves (a scheduled article's moment can pass on demand).</summary>
public sealed class NewsSite : ClockedTestSite;
