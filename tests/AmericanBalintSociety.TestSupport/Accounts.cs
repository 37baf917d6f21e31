using AmericanBalintSociety.Web.Cli;

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
