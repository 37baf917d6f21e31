using System.Net;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.MailingList;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AmericanBalintSociety.IntegrationTests.MailingList;

/// <summary>Joining with double opt-in, the neutral answers, bad input and bots, the hourly cap, and leaving with one click.</summary>
public sealed class SignupTests(MailingListSite site) : IClassFixture<MailingListSite>
{
    private Task<Subscriber?> FindAsync(string email)
    {
        var hash = SubscriberAddress.Hash(email);
        return site.WithDbAsync(db => db.Subscribers.AsNoTracking().FirstOrDefaultAsync(s => s.AddressHash == hash));
    }

    [Fact]
    public async Task Signup_IsConfirmedOnlyByThePost_ThenWelcomedWithAListMail()
    {
        var client = site.CreateBrowserClient();
        using var posted = await client.SignUpAsync("  Ann.Lee@Example.org ", "Ann Lee");

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal("/mailing-list/check-your-inbox", posted.Headers.Location!.OriginalString);
        var pending = await FindAsync("ann.lee@example.org");
        Assert.NotNull(pending);
        Assert.Equal((SubscriberStatus.Pending, "Ann.Lee@Example.org", "Ann Lee", SubscriptionSource.SignupPage, ConsentStatement.CurrentVersion),
            (pending.Status, pending.Email, pending.Name, pending.Source, pending.ConsentVersion));
        Assert.NotNull(pending.ConsentedAt);

        // The confirmation mail: the link and nothing else, not a list mail.
        var confirmation = await site.Mail.WaitForAsync("Ann.Lee@Example.org");
        Assert.Equal("Please confirm your subscription", confirmation.Subject);
        Assert.Null(confirmation.Headers["List-Unsubscribe"]);
        Assert.Contains("/mailing-list/confirm/", confirmation.TextBody, StringComparison.Ordinal);
        var link = Accounts.LinkIn(confirmation, "/mailing-list/confirm/");

        // A GET (a mail scanner following the link) changes nothing.
        var page = await client.GetDocumentAsync(link);
        Assert.Equal("Confirm your subscription", page.QuerySelector("h1")!.TextContent);
        Assert.Equal(SubscriberStatus.Pending, (await FindAsync("ann.lee@example.org"))!.Status);

        using var confirmed = await client.SubmitAsync(page, "form#confirm-subscription", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var subscribed = await client.GetDocumentAsync(confirmed.Headers.Location!.OriginalString);
        Assert.Equal("You're subscribed", subscribed.QuerySelector("h1")!.TextContent);
        var stored = (await FindAsync("ann.lee@example.org"))!;
        Assert.Equal(SubscriberStatus.Confirmed, stored.Status);
        Assert.NotNull(stored.ConfirmedAt);
        Assert.Null(stored.ConfirmationTokenHash);

        // The welcome mail is a list mail: RFC 8058 headers, a plain-text part, the postal address and an unsubscribe link.
        var welcome = await Eventually.ValueAsync(() => site.Mail.To("ann.lee@example.org").FirstOrDefault(m => m.Subject?.StartsWith("Welcome", StringComparison.Ordinal) == true),
            TimeSpan.FromSeconds(15), "no welcome mail");
        var unsubscribe = MailingListSteps.UnsubscribeLink(welcome);
        Assert.StartsWith("https://localhost/mailing-list/unsubscribe/", unsubscribe, StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", welcome.Headers["List-Unsubscribe-Post"]);
        Assert.False(string.IsNullOrWhiteSpace(welcome.TextBody));
        Assert.Contains("100 Test Street, Testville, NY 10001", welcome.TextBody, StringComparison.Ordinal);
        Assert.Contains(unsubscribe, welcome.TextBody, StringComparison.Ordinal);
        Assert.Contains("100 Test Street", welcome.HtmlBody, StringComparison.Ordinal);

        // The link is single-use.
        var reused = await client.GetDocumentAsync(link);
        Assert.Equal("This link no longer works", reused.QuerySelector("h1")!.TextContent);
        Assert.NotNull(reused.QuerySelector("form#mailing-list-signup"));
    }

    [Fact]
    public async Task EveryValidAddress_GetsTheSameAnswer_WhateverItsState()
    {
        var client = site.CreateBrowserClient();
        await site.SubscribeAsync(client, "confirmed-state@example.org");
        var left = await site.SubscribeAsync(client, "unsubscribed-state@example.org");
        using (await site.CreateBrowserClient().SubmitAsync(await client.GetDocumentAsync(MailingListSteps.UnsubscribeLink(left)), "form#unsubscribe", new Dictionary<string, string>()))
        {
        }

        using (await client.SignUpAsync("pending-state@example.org"))
        {
        }

        site.Clock.Advance(TimeSpan.FromMinutes(61)); // past the hourly cap, so each address could be mailed again
        var answers = new List<string>();
        foreach (var email in new[] { "new-state@example.org", "pending-state@example.org", "confirmed-state@example.org", "unsubscribed-state@example.org" })
        {
            using var response = await site.CreateBrowserClient().SignUpAsync(email);
            answers.Add($"{(int)response.StatusCode} {response.Headers.Location} {await response.Content.ReadAsStringAsync()}");
        }

        Assert.Single(answers.Distinct());
        Assert.Equal(SubscriberStatus.Unsubscribed, (await FindAsync("unsubscribed-state@example.org"))!.Status);
        Assert.Equal("302 /mailing-list/check-your-inbox ", answers[0]);
        var page = await client.GetDocumentAsync("/mailing-list/check-your-inbox");
        Assert.Equal("Check your inbox", page.QuerySelector("h1")!.TextContent);
    }

    [Theory]
    [InlineData("not-an-email", "Enter a valid email address, like name@example.org.")]
    [InlineData("ann@example", "Enter a valid email address, like name@example.org.")]
    [InlineData("Ann <ann@example.org>", "Enter a valid email address, like name@example.org.")]
    [InlineData("", "Enter your email address.")]
    public async Task BadAddresses_ComeBackWithAMessage_AndNothingIsStoredOrSent(string email, string message)
    {
        var client = site.CreateBrowserClient();
        var before = await site.WithDbAsync(db => db.Subscribers.CountAsync());
        using var response = await client.SignUpAsync(email, "Kept Name");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Html.ParseAsync(response);
        Assert.Equal(message, page.QuerySelector("#Form_Email-error")!.TextContent);
        Assert.Equal("true", page.QuerySelector("#Form_Email")!.GetAttribute("aria-invalid"));
        Assert.Equal("Kept Name", page.QuerySelector("#Form_Name")!.GetAttribute("value"));
        Assert.Equal(before, await site.WithDbAsync(db => db.Subscribers.CountAsync()));
    }

    [Fact]
    public async Task AnOverlongAddress_IsRefused()
    {
        var email = new string('a', 250) + "@example.org";
        using var response = await site.CreateBrowserClient().SignUpAsync(email);

        var page = await Html.ParseAsync(response);
        Assert.Equal("An email address can be at most 254 characters long.", page.QuerySelector("#Form_Email-error")!.TextContent);
        Assert.Null(await FindAsync(email));
        Assert.False(await site.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.ToAddress == email)));
    }

    [Fact]
    public async Task ASignupForAnAddressThatLeft_ChangesNothing_UntilTheOwnerConfirms()
    {
        var welcome = await site.SubscribeAsync(site.CreateBrowserClient(), "left-once@example.org", "Real Name");
        var client = site.CreateBrowserClient();
        using (await client.SubmitAsync(await client.GetDocumentAsync(MailingListSteps.UnsubscribeLink(welcome)), "form#unsubscribe", new Dictionary<string, string>()))
        {
        }

        var before = (await FindAsync("left-once@example.org"))!;
        site.Clock.Advance(TimeSpan.FromMinutes(61));
        using (await site.CreateBrowserClient().SignUpAsync("left-once@example.org", "Someone Else"))
        {
        }

        var after = (await FindAsync("left-once@example.org"))!;
        Assert.Equal((SubscriberStatus.Unsubscribed, "Real Name", before.ConsentedAt, before.ConsentVersion, before.UnsubscribedAt),
            (after.Status, after.Name, after.ConsentedAt, after.ConsentVersion, after.UnsubscribedAt));

        // The confirmation mail carries nothing the stranger typed.
        var confirmation = await Eventually.ValueAsync(() => site.Mail.To("left-once@example.org").LastOrDefault(m => m.Subject == "Please confirm your subscription" && m.Date > welcome.Date),
            TimeSpan.FromSeconds(15), "no confirmation");
        Assert.DoesNotContain("Someone Else", confirmation.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Someone Else", confirmation.To.ToString(), StringComparison.Ordinal);

        await client.ConfirmAsync(Accounts.LinkIn(confirmation, "/mailing-list/confirm/"));
        var confirmed = (await FindAsync("left-once@example.org"))!;
        Assert.Equal((SubscriberStatus.Confirmed, "Someone Else", SubscriptionSource.SignupPage), (confirmed.Status, confirmed.Name, confirmed.Source));
        Assert.Null(confirmed.UnsubscribedAt);
        Assert.True(confirmed.ConsentedAt > before.ConsentedAt);
    }

    [Fact]
    public async Task AConfirmedAddress_GetsTheAlreadySubscribedNote_AtMostOnceAnHour()
    {
        await site.SubscribeAsync(site.CreateBrowserClient(), "noted@example.org");
        site.Clock.Advance(TimeSpan.FromMinutes(61)); // the confirmation mail was this hour's
        var client = site.CreateBrowserClient();
        for (var i = 0; i < 3; i++)
        {
            using var _ = await client.SignUpAsync("noted@example.org");
        }

        Assert.Equal(1, await site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.ToAddress == "noted@example.org" && m.Subject == "You are already on our mailing list")));
        var subscriber = (await FindAsync("noted@example.org"))!;
        Assert.Equal(SubscriberStatus.Confirmed, subscriber.Status);
    }

    [Fact]
    public async Task ParallelSignupsOfOneNewAddress_StoreOneSubscriberAndSendOneMail()
    {
        var clients = Enumerable.Range(0, 6).Select(_ => site.CreateBrowserClient()).ToList();
        var pages = await Task.WhenAll(clients.Select(c => c.GetDocumentAsync("/mailing-list")));
        var responses = await Task.WhenAll(clients.Select((c, i) => c.SubmitAsync(pages[i], "form#mailing-list-signup", new Dictionary<string, string> { ["Form.Email"] = "parallel@example.org" })));

        Assert.All(responses, r => Assert.Equal("/mailing-list/check-your-inbox", r.Headers.Location!.OriginalString));
        foreach (var response in responses)
        {
            response.Dispose();
        }

        var hash = SubscriberAddress.Hash("parallel@example.org");
        Assert.Equal(1, await site.WithDbAsync(db => db.Subscribers.CountAsync(s => s.AddressHash == hash)));
        Assert.Equal(1, await site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.ToAddress == "parallel@example.org")));
    }

    [Fact]
    public async Task ParallelConfirmations_ConfirmOnce_WithOneWelcome()
    {
        using (await site.CreateBrowserClient().SignUpAsync("parallel-confirm@example.org"))
        {
        }

        var link = await site.Mail.ConfirmationLinkAsync("parallel-confirm@example.org");
        var clients = Enumerable.Range(0, 4).Select(_ => site.CreateBrowserClient()).ToList();
        var pages = await Task.WhenAll(clients.Select(c => c.GetDocumentAsync(link)));
        var responses = await Task.WhenAll(clients.Select((c, i) => c.SubmitAsync(pages[i], "form#confirm-subscription", new Dictionary<string, string>())));
        foreach (var response in responses)
        {
            response.Dispose();
        }

        Assert.Equal(1, await site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.ToAddress == "parallel-confirm@example.org" && m.Subject!.StartsWith("Welcome"))));
        Assert.Equal(SubscriberStatus.Confirmed, (await FindAsync("parallel-confirm@example.org"))!.Status);
    }

    [Fact]
    public async Task AFormTimeReplayedADayLater_MakesASubmissionSilentlyDoNothing()
    {
        var client = site.CreateBrowserClient();
        var page = await client.GetDocumentAsync("/mailing-list");
        site.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));

        using var response = await client.SubmitAsync(page, "form#mailing-list-signup", new Dictionary<string, string> { ["Form.Email"] = "replayed@example.org" });

        Assert.Equal("/mailing-list/check-your-inbox", response.Headers.Location!.OriginalString);
        Assert.Null(await FindAsync("replayed@example.org"));
    }

    [Fact]
    public async Task Housekeeping_DeletesPendingAddressesWhoseLinkExpired_AndDropsExpiredRequestsToRejoin()
    {
        var welcome = await site.SubscribeAsync(site.CreateBrowserClient(), "housekeeping-left@example.org");
        var client = site.CreateBrowserClient();
        using (await client.SubmitAsync(await client.GetDocumentAsync(MailingListSteps.UnsubscribeLink(welcome)), "form#unsubscribe", new Dictionary<string, string>()))
        {
        }

        site.Clock.Advance(TimeSpan.FromMinutes(61));
        using (await client.SignUpAsync("housekeeping-left@example.org"))
        using (await client.SignUpAsync("housekeeping-never@example.org"))
        {
        }

        site.Clock.Advance(TimeSpan.FromDays(8));
        await using (var scope = site.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<MailingListService>().DeleteExpiredRequestsAsync(CancellationToken.None);
        }

        Assert.Null(await FindAsync("housekeeping-never@example.org"));
        var left = (await FindAsync("housekeeping-left@example.org"))!;
        Assert.Equal((SubscriberStatus.Unsubscribed, null, null), (left.Status, left.RequestedEmail, left.ConfirmationTokenHash));
    }

    [Fact]
    public async Task TheHoneypot_MakesASubmissionSilentlyDoNothing()
    {
        using var response = await site.CreateBrowserClient().SignUpAsync("bot-honeypot@example.org", extra: new Dictionary<string, string> { ["Form.Website"] = "http://spam.example" });

        Assert.Equal("/mailing-list/check-your-inbox", response.Headers.Location!.OriginalString);
        Assert.Null(await FindAsync("bot-honeypot@example.org"));
    }

    [Fact]
    public async Task AForgedFormTime_MakesASubmissionSilentlyDoNothing()
    {
        using var response = await site.CreateBrowserClient().SignUpAsync("bot-forged@example.org", extra: new Dictionary<string, string> { ["Form.Issued"] = "1" });

        Assert.Equal("/mailing-list/check-your-inbox", response.Headers.Location!.OriginalString);
        Assert.Null(await FindAsync("bot-forged@example.org"));
    }

    [Fact]
    public async Task AnAddress_GetsAtMostOneConfirmationMailAnHour_AndANewLinkAfterIt()
    {
        var client = site.CreateBrowserClient();
        for (var i = 0; i < 4; i++)
        {
            using var _ = await client.SignUpAsync("hourly@example.org");
        }

        var first = await site.Mail.ConfirmationLinkAsync("hourly@example.org");
        await Task.Delay(1000); // the dispatcher would have written any further mail by now
        Assert.Single(site.Mail.To("hourly@example.org"));

        site.Clock.Advance(TimeSpan.FromMinutes(61));
        using (await client.SignUpAsync("hourly@example.org"))
        {
        }

        await Eventually.TrueAsync(() => Task.FromResult(site.Mail.To("hourly@example.org").Count == 2), TimeSpan.FromSeconds(15), "no second confirmation mail");
        var second = Accounts.LinkIn(site.Mail.To("hourly@example.org").OrderBy(m => m.Date).Last(), "/mailing-list/confirm/");
        Assert.NotEqual(first, second);
        Assert.Equal("This link no longer works", (await client.GetDocumentAsync(first)).QuerySelector("h1")!.TextContent);
        Assert.Equal("You're subscribed", (await client.ConfirmAsync(second)).QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task AConfirmationLink_ExpiresAfterSevenDays_AndThePageOffersANewOne()
    {
        var client = site.CreateBrowserClient();
        using (await client.SignUpAsync("expiry@example.org"))
        {
        }

        var link = await site.Mail.ConfirmationLinkAsync("expiry@example.org");
        var page = await client.GetDocumentAsync(link);
        var pending = (await FindAsync("expiry@example.org"))!;
        Assert.Equal(pending.CreatedAt + TimeSpan.FromDays(7), pending.ConfirmationExpiresAt);

        // Seven days on: the request's times moved seven days back rather than the clock seven days forward, since the
        // hourly housekeeping (which deletes expired requests) would run at once on the fake clock and race the page.
        var week = TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1);
        await site.WithDbAsync(db => db.Subscribers.Where(s => s.Id == pending.Id).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.ConfirmationExpiresAt, pending.ConfirmationExpiresAt - week)
            .SetProperty(x => x.LastRequestMailAt, pending.LastRequestMailAt - week)));

        // Even the page opened before the expiry cannot confirm after it.
        using var late = await client.SubmitAsync(page, "form#confirm-subscription", new Dictionary<string, string>());
        var expired = await Html.ParseAsync(late);
        Assert.Equal("This link no longer works", expired.QuerySelector("h1")!.TextContent);
        Assert.Equal("expiry@example.org", expired.QuerySelector("#Form_Email")!.GetAttribute("value"));
        Assert.Equal(SubscriberStatus.Pending, (await FindAsync("expiry@example.org"))!.Status);

        using var again = await client.SubmitAsync(expired, "form#mailing-list-signup", new Dictionary<string, string> { ["Form.Email"] = "expiry@example.org" });
        await Eventually.TrueAsync(() => Task.FromResult(site.Mail.To("expiry@example.org").Count == 2), TimeSpan.FromSeconds(15), "no new link");
        // Both mails carry the same (fake) time: the new one is the one whose link is not the expired one.
        var fresh = site.Mail.To("expiry@example.org").Select(m => Accounts.LinkIn(m, "/mailing-list/confirm/")).Single(l => l != link);
        Assert.Equal("You're subscribed", (await client.ConfirmAsync(fresh)).QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task OneClickPost_Unsubscribes_WithNoCookieOrToken_AndRejoiningNeedsDoubleOptIn()
    {
        var welcome = await site.SubscribeAsync(site.CreateBrowserClient(), "oneclick@example.org");
        var link = MailingListSteps.UnsubscribeLink(welcome);

        // As a mail provider sends it (RFC 8058): a bare POST, no cookies, no antiforgery token.
        using var response = await site.OneClickUnsubscribeAsync(link);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = (await FindAsync("oneclick@example.org"))!;
        Assert.Equal(SubscriberStatus.Unsubscribed, stored.Status);
        Assert.NotNull(stored.UnsubscribedAt);

        // Twice is fine, and the page says so.
        using var twice = await site.OneClickUnsubscribeAsync(link);
        Assert.Equal(HttpStatusCode.OK, twice.StatusCode);
        var page = await site.CreateBrowserClient().GetDocumentAsync(link);
        Assert.Equal("You're unsubscribed", page.QuerySelector("h1")!.TextContent);

        // Joining again goes through the confirmation mail (once the hour since the last one has passed).
        site.Clock.Advance(TimeSpan.FromMinutes(61));
        var client = site.CreateBrowserClient();
        using (await client.SignUpAsync("oneclick@example.org"))
        {
        }

        // Until the new link is used, the record still says they left.
        Assert.Equal(SubscriberStatus.Unsubscribed, (await FindAsync("oneclick@example.org"))!.Status);
        var confirm = await Eventually.ValueAsync(() => site.Mail.To("oneclick@example.org").FirstOrDefault(m => m.Subject == "Please confirm your subscription" && m.Date > welcome.Date),
            TimeSpan.FromSeconds(15), "no new confirmation");
        await client.ConfirmAsync(Accounts.LinkIn(confirm, "/mailing-list/confirm/"));
        Assert.Equal(SubscriberStatus.Confirmed, (await FindAsync("oneclick@example.org"))!.Status);
    }

    [Fact]
    public async Task TheUnsubscribePage_HasOneButton_AndAGetChangesNothing()
    {
        var welcome = await site.SubscribeAsync(site.CreateBrowserClient(), "button@example.org");
        var client = site.CreateBrowserClient();
        var page = await client.GetDocumentAsync(MailingListSteps.UnsubscribeLink(welcome));

        Assert.Equal("Unsubscribe", page.QuerySelector("h1")!.TextContent);
        Assert.Equal(SubscriberStatus.Confirmed, (await FindAsync("button@example.org"))!.Status);
        using var pressed = await client.SubmitAsync(page, "form#unsubscribe", new Dictionary<string, string>());
        var done = await client.GetDocumentAsync(pressed.Headers.Location!.OriginalString);
        Assert.Equal("You're unsubscribed", done.QuerySelector("h1")!.TextContent);
        Assert.Equal(SubscriberStatus.Unsubscribed, (await FindAsync("button@example.org"))!.Status);
    }

    [Fact]
    public async Task AnUnknownUnsubscribeLink_Answers404()
    {
        using var response = await site.CreateBrowserClient().GetAsync("/mailing-list/unsubscribe/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Link not recognised", (await Html.ParseAsync(response)).QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task TheHomePagesCompactForm_JoinsWithTheHomePageAsSource()
    {
        var client = site.CreateBrowserClient();
        var home = await client.GetDocumentAsync("/");
        Assert.Contains(ConsentStatement.Current, home.QuerySelector("form#mailing-list-signup-home")!.TextContent, StringComparison.Ordinal);

        using var response = await client.SubmitAsync(home, "form#mailing-list-signup-home", new Dictionary<string, string> { ["Form.Email"] = "home-form@example.org" });

        Assert.Equal("/mailing-list/check-your-inbox", response.Headers.Location!.OriginalString);
        Assert.Equal(SubscriptionSource.HomePage, (await FindAsync("home-form@example.org"))!.Source);
    }
}
