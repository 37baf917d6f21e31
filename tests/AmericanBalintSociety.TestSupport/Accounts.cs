using System.Net;
using AmericanBalintSociety.Web.Cli;
using AmericanBalintSociety.Web.Features.Membership;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;

namespace AmericanBalintSociety.TestSupport;

/// <summary>Account steps the tests take the way a person does: through the pages.</summary>
public static class Accounts
{
    public const string StrongPassword = "a long staff passphrase 2026";

    /// <summary>Signs in through the sign-in page; returns the page's answer (a redirect when it worked).</summary>
    public static async Task<HttpResponseMessage> SignInAsync(this HttpClient client, string email, string password)
    {
        var page = await client.GetDocumentAsync("/Identity/Account/Login");
        return await client.SubmitAsync(page, "form#account", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.RememberMe"] = "false",
        });
    }

    /// <summary>
    /// Signs out as a person does: the header's "Sign out" link, then the button on the page it opens. Returns the
    /// button's answer (a redirect when it worked).
    /// </summary>
    public static async Task<HttpResponseMessage> SignOutAsync(this HttpClient client)
    {
        var home = await client.GetDocumentAsync("/");
        var link = home.QuerySelector("nav[aria-label=Account] a[href^='/Identity/Account/Logout']")
            ?? throw new InvalidOperationException("The header has no \"Sign out\" link: nobody is signed in.");
        var page = await client.GetDocumentAsync(link.GetAttribute("href")!);
        return await client.SubmitAsync(page, "form#sign-out", new Dictionary<string, string>());
    }

    /// <summary>
    /// Turns on two-factor authentication for the account as the "set up an authenticator app" page would, and returns
    /// the shared key an authenticator app would hold.
    /// </summary>
    public static async Task<string> EnableTwoFactorAsync(this TestSite site, string email)
    {
        ArgumentNullException.ThrowIfNull(site);
        await using var scope = site.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No account {email}");
        await users.ResetAuthenticatorKeyAsync(user);
        var key = await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException("No authenticator key");
        await users.SetTwoFactorEnabledAsync(user, true);
        return key;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> LastStepByKey = new(StringComparer.Ordinal);

    /// <summary>
    /// A code an authenticator app holding <paramref name="key"/> shows: the current one, or, when a test already used
    /// that one, the next (the site refuses a code twice, and accepts codes up to 60 seconds early for clock drift).
    /// </summary>
    public static string AuthenticatorCode(string key)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
        var step = LastStepByKey.AddOrUpdate(key, now, (_, last) => Math.Max(now, last + 1));
        if (step > now + 2)
        {
            throw new InvalidOperationException("More than three authenticator codes for one key within 30 seconds: the site would refuse the fourth.");
        }

        return new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(DateTimeOffset.FromUnixTimeSeconds(step * 30).UtcDateTime);
    }

    /// <summary>Signs in with password and then an authenticator code, through both pages; returns the second page's answer.</summary>
    public static async Task<HttpResponseMessage> SignInWithTwoFactorAsync(this HttpClient client, string email, string password, string key)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var first = await client.SignInAsync(email, password);
        if (first.StatusCode != HttpStatusCode.Redirect || first.Headers.Location?.OriginalString.Contains("LoginWith2fa", StringComparison.Ordinal) != true)
        {
            throw new InvalidOperationException($"Expected the second-step page after the password, got {first.StatusCode} {first.Headers.Location}");
        }

        var page = await client.GetDocumentAsync(first.Headers.Location.OriginalString);
        return await client.SubmitAsync(page, "main form", new Dictionary<string, string>
        {
            ["Input.TwoFactorCode"] = AuthenticatorCode(key),
            ["Input.RememberMachine"] = "false",
        });
    }

    /// <summary>Fills in and sends the registration form.</summary>
    public static async Task<HttpResponseMessage> RegisterAsync(this HttpClient client, string name, string email, string password)
    {
        var page = await client.GetDocumentAsync("/Identity/Account/Register");
        return await client.SubmitAsync(page, "form#registerForm", new Dictionary<string, string>
        {
            ["Input.Name"] = name,
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        });
    }

    /// <summary>The first link in the mail's HTML part whose address contains <paramref name="pathPart"/>.</summary>
    public static string LinkIn(MimeKit.MimeMessage mail, string pathPart)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var links = System.Text.RegularExpressions.Regex.Matches(mail.HtmlBody ?? "", "href=[\"']([^\"']+)[\"']")
            .Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))
            .ToList();
        return links.FirstOrDefault(l => l.Contains(pathPart, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"No link with '{pathPart}' in the mail \"{mail.Subject}\": {string.Join(", ", links)}");
    }

    /// <summary>Opens a link from a mail and presses the page's one button (confirm pages answer a GET with a form).</summary>
    public static async Task<AngleSharp.Dom.IDocument> FollowAndConfirmAsync(this HttpClient client, string link, string formSelector)
    {
        ArgumentNullException.ThrowIfNull(client);
        var page = await client.GetDocumentAsync(link);
        using var confirmed = await client.SubmitAsync(page, formSelector, new Dictionary<string, string>());
        return await Html.ParseAsync(confirmed);
    }

    /// <summary>Registers and confirms a member account through the pages and the confirmation mail.</summary>
    public static async Task RegisterAndConfirmAsync(this TestSite site, string email, string password = StrongPassword, string name = "Test Member")
    {
        ArgumentNullException.ThrowIfNull(site);
        var client = site.CreateBrowserClient();
        using var registered = await client.RegisterAsync(name, email, password);
        if (registered.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Registration of {email} answered {registered.StatusCode}");
        }

        var mail = await site.Mail.WaitForAsync(email);
        await client.FollowAndConfirmAsync(LinkIn(mail, "ConfirmEmail"), "form#confirm-email");
    }

    /// <summary>Runs an operator command in the site's process, as <c>dotnet AmericanBalintSociety.Web.dll …</c> would.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunCommandAsync(
        this TestSite site, string? standardInput, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(site);
        using var input = new StringReader(standardInput ?? "");
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandLineApp.RunAsync(site.Services, args, input, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    public static async Task AddStaffAsync(this TestSite site, string email, string role, string password = StrongPassword)
    {
        var (exit, _, error) = await site.RunCommandAsync(null, "staff", "add", "--email", email, "--role", role, "--password", password);
        if (exit != 0)
        {
            throw new InvalidOperationException($"staff add failed ({exit}): {error}");
        }
    }
}
