using System.Net;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Donations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AmericanBalintSociety.IntegrationTests.Donations;

/// <summary>
/// The January statement (issue 17): each monthly donor of the year before gets one mail listing that year's gifts
/// with their total and what a receipt must say, once however often the job runs, and not before January.
/// </summary>
public sealed class GiftStatementTests(DonationSite site) : IClassFixture<DonationSite>
{
    [Fact]
    public async Task AMonthlyDonor_GetsOneStatementInJanuary_OfLastYearsGifts_AndAOneTimeDonorNone()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var year = TimeZoneInfo.ConvertTime(site.Clock.GetUtcNow(), zone).Year;

        // A monthly gift paid twice a month apart, and a gift once from the same donor; another donor gives only once.
        var client = await site.SignedInClientAsync("statement-donor@example.org", null);
        var page = await client.GetDocumentAsync("/donate");
        using var started = await client.SubmitAsync(page, "form#donate-form", Form("monthly", "50"));
        var session = site.Stripe.CompleteSubscription(started.Headers.Location!.AbsolutePath.Split('/').Last(), site.Clock.GetUtcNow(), "statement-donor@example.org");
        using (await site.DeliverAsync(StripeStandIn.Event("invoice.paid", site.Stripe.Invoice(session["invoice"]!.GetValue<string>()))))
        {
        }

        site.Clock.Advance(TimeSpan.FromDays(20));
        using (await site.DeliverAsync(StripeStandIn.Event("invoice.paid", site.Stripe.Renew(session["subscription"]!.GetValue<string>()))))
        {
        }

        await GiveOnceAsync(await site.SignInAgainAsync("statement-donor@example.org"), "statement-donor@example.org");
        await GiveOnceAsync(site.CreateBrowserClient(), "once-only@example.org");
        var inYear = await site.WithDbAsync(db => db.Gifts.AsNoTracking().Where(g => g.DonorEmail == "statement-donor@example.org" && g.Status == GiftStatus.Paid).ToListAsync());
        inYear = [.. inYear.Where(g => TimeZoneInfo.ConvertTime(g.PaidAt!.Value, zone).Year == year)];

        Assert.Equal(0, await RunAsync()); // not January yet
        site.Clock.SetUtcNow(new DateTimeOffset(year + 1, 1, 4, 15, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, await RunAsync());
        Assert.Equal(0, await RunAsync()); // run again, or after a restart (a new scope): nothing more
        Assert.Equal(0, await RunAsync());

        var subject = $"Your {year} giving statement from the American Balint Society";
        var statement = await Eventually.ValueAsync(() => site.Mail.To("statement-donor@example.org").FirstOrDefault(m => m.Subject == subject), TimeSpan.FromSeconds(15), "no statement");
        await Task.Delay(500);
        Assert.Single(site.Mail.To("statement-donor@example.org"), m => m.Subject == subject);
        var total = inYear.Sum(g => g.AmountCents);
        Assert.Contains($"Total: {Web.Features.Shared.Display.Money(total)}", statement.TextBody, StringComparison.Ordinal);
        foreach (var gift in inYear)
        {
            var date = TimeZoneInfo.ConvertTime(gift.PaidAt!.Value, zone).ToString("MMMM d, yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-US"));
            Assert.Contains($"{date}: {(gift.PlanId is null ? "gift" : "monthly gift")}, {Web.Features.Shared.Display.Money(gift.AmountCents)}", statement.TextBody, StringComparison.Ordinal);
        }

        Assert.Equal(inYear.Count, CountOf(statement.TextBody!, $", {year}: "));
        Assert.Contains($"EIN {DonationSite.Ein}", statement.TextBody, StringComparison.Ordinal);
        Assert.Contains("No goods or services were provided in exchange for these contributions.", statement.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(site.Mail.To("once-only@example.org"), m => m.Subject!.Contains("giving statement", StringComparison.Ordinal));
        Assert.Equal(1, await site.WithDbAsync(db => db.GiftStatements.CountAsync(s => s.Year == year)));
    }

    private static int CountOf(string text, string word) => (text.Length - text.Replace(word, "", StringComparison.Ordinal).Length) / word.Length;

    private static Dictionary<string, string> Form(string frequency, string amount) => new()
    {
        ["Frequency"] = frequency,
        ["Amount"] = amount,
        ["OtherDollars"] = "",
        ["Dedication"] = "None",
        ["DedicationName"] = "",
        ["Note"] = "",
    };

    private async Task GiveOnceAsync(HttpClient client, string email)
    {
        var page = await client.GetDocumentAsync("/donate");
        using var started = await client.SubmitAsync(page, "form#donate-form", Form("once", "25"));
        Assert.Equal(HttpStatusCode.SeeOther, started.StatusCode);
        using (await site.DeliverAsync(StripeStandIn.Event("checkout.session.completed", site.Stripe.Complete(started.Headers.Location!.AbsolutePath.Split('/').Last(), email: email))))
        {
        }
    }

    private async Task<int> RunAsync()
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<GiftStatements>().RunAsync(CancellationToken.None);
    }
}
