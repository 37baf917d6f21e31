using AmericanBalintSociety.Web.Cli;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Features.Contact;
using AmericanBalintSociety.Web.Features.Donations;
using AmericanBalintSociety.Web.Features.Email;
using AmericanBalintSociety.Web.Features.MailingList;
using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Features.Navigation;
using AmericanBalintSociety.Web.Features.News;
using AmericanBalintSociety.Web.Features.Seo;
using AmericanBalintSociety.Web.Features.Shop;
using AmericanBalintSociety.Web.Infrastructure;
using AmericanBalintSociety.Web.Infrastructure.Payments;
using Microsoft.Extensions.Options;

// `AmericanBalintSociety.Web <command> …` runs an operator command (see `--help`) instead of the site.
var mode = CommandLineApp.ModeOf(args);
if (mode == ProgramMode.Answer)
{
    return await CommandLineApp.AnswerAsync(args, Console.Out, Console.Error);
}

var isCommand = mode == ProgramMode.Command;
if (!isCommand)
{
    StartupJitProfile.Start(); // first: the JIT's spare-core work pays off most while the host is built
}

var builder = WebApplication.CreateBuilder(isCommand ? [] : args);

builder.AddWebFoundation();
if (isCommand)
{
    // A command's own output is what the operator reads; the site's information logs would bury it.
    builder.Logging.AddFilter(null, LogLevel.Warning);
}

builder.AddDatabase();
builder.AddStripe();
builder.AddMembership(); // before the other features: "download my data" lists the account first
builder.AddEmail();
builder.AddNews();
builder.AddMailingList();
builder.AddShop();
builder.AddDonations();
builder.AddContact();
builder.AddNavigation();
builder.AddSeo();

var app = builder.Build();

if (isCommand)
{
    return await CommandLineApp.RunAsync(app.Services, args, Console.In, Console.Out, Console.Error);
}

// Held while the site runs, so `db restore` can tell and refuse to swap the database out from under it.
app.Services.GetRequiredService<AmericanBalintSociety.Web.Data.Backups.SiteLock>().Acquire();

// Bringing the database up to date (migrations, seed) and building the request pipeline (MVC finding every controller
// and page is most of it) do not depend on each other: they run side by side, a fifth of a second or more off every
// start on two cores (docs/performance.md). Nothing is served, and no background job starts, before both are done.
var initializing = Task.Run(() => DatabaseInitializer.RunAsync(app.Services, app.Lifetime.ApplicationStopping));
try
{
    // The output cache serves the news pages only; switched off (News:OutputCache) its middleware stays out of every request.
    app.UseWebFoundation(useOutputCache: app.Services.GetRequiredService<IOptions<NewsOptions>>().Value.OutputCache);
}
finally
{
    // A failed pipeline ends the process: never in the middle of a migration.
    await Task.WhenAny(initializing);
}

await initializing;
await app.RunAsync();
return 0;

/// <summary>The entry point; public so tests can host the site with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
