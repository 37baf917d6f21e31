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

    /// <summary>A fresh client signed in as the account (after the clock moved past an earlier sign-in's life).</summary>
    public async Task<HttpClient> SignInAgainAsync(string email)
    {
        var client = CreateBrowserClient();
        using var response = await client.SignInAsync(email, Accounts.StrongPassword);
        return response.StatusCode == System.Net.HttpStatusCode.Redirect ? client : throw new InvalidOperationException($"Sign-in as {email} answered {response.StatusCode}");
    }
}
