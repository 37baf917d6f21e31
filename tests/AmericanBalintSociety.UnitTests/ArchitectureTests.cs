using System.Text.RegularExpressions;

namespace AmericanBalintSociety.UnitTests;

/// <summary>
/// The layout rules of docs/architecture.md, checked on the source so they hold without anyone policing them:
/// one public class per file named after it, and features that use only Shared, Data, Infrastructure and the
/// other features' services listed here, each with its reason.
/// </summary>
public sealed partial class ArchitectureTests
{
    // First: the fields below read the project's folders.
    private static readonly string WebProject = FindWebProject();

    /// <summary>The features: every folder under Features/ except the shared pieces and the composers.</summary>
    private static readonly string[] Features = [.. Directory.EnumerateDirectories(Path.Combine(WebProject, "Features"))
        .Select(Path.GetFileName).OfType<string>().Where(f => f is not ("Shared" or "Admin" or "Home"))];

    /// <summary>Which feature owns each of the context's sets (<c>db.Articles</c> is the news'), from the model itself.</summary>
    private static readonly Dictionary<string, string> SetOwners = typeof(AmericanBalintSociety.Web.Data.AppDbContext).GetProperties()
        .Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(Microsoft.EntityFrameworkCore.DbSet<>))
        .Select(p => (p.Name, Feature: FeatureOfNamespace(p.PropertyType.GetGenericArguments()[0].Namespace)))
        .Where(p => p.Feature is not null)
        .ToDictionary(p => p.Name, p => p.Feature!, StringComparer.Ordinal);

    /// <summary>
    /// Where a feature may use another feature, and why. Anything else a feature needs from another belongs in Shared
    /// (or Infrastructure), or is a sign the code sits in the wrong feature.
    /// </summary>
    private static readonly Dictionary<(string From, string To), string> Allowed = new()
    {
        [("MailingList", "Email")] = "list mail goes out through the outbox",
        [("Membership", "Email")] = "account mail goes out through the outbox",
        [("Shop", "Email")] = "order mail goes out through the outbox",
        [("Contact", "Email")] = "a contact message goes to staff through the outbox, and its mail is deleted with it",
        [("Contact", "Membership")] = "contact messages are personal data of the account with that address",
        [("Contact", "MailingList")] = "the contact form uses the signup's bot checks (SignupFormGuard) and address check",
        [("Email", "Membership")] = "the outbox's mail is personal data of an account (IPersonalDataSource)",
        [("MailingList", "Membership")] = "a subscription is personal data of an account; staff roles",
        [("Shop", "Membership")] = "orders belong to accounts; personal data",
        [("Membership", "MailingList")] = "registration's 'also add me to the mailing list' asks the list's double opt-in",
        [("Shop", "News")] = "the book's cover is stored by the news' CoverImageStore",
        [("Navigation", "News")] = "the menu links to the society's pages and is cached, and emptied, with them",
        [("Seo", "News")] = "the sitemap lists the articles and pages",
        [("MailingList", "News")] = "a newsletter can send a published article (it reads Articles)",
        [("Donations", "Email")] = "gift receipts go out through the outbox",
        [("Donations", "Membership")] = "a gift belongs to the donor's account (ApplicationUser)",
        [("News", "Membership")] = "members-only articles and pages are read by current members and staff (MembersOnlyAccess)",
    };

    /// <summary>
    /// What composes features (and may use any): the staff pages, the home page, the account pages, the commands, the
    /// model, the program, and the layout, whose menu and account links lead to every feature.
    /// </summary>
    private static readonly string[] Composers = ["Features/Admin", "Features/Home", "Areas", "Cli", "Data", "Program.cs", "Features/Shared/_Layout.cshtml"];

    [Fact]
    public void AFeature_UsesOnlySharedDataInfrastructure_AndTheOtherFeaturesItIsAllowedTo()
    {
        var breaches = new List<string>();
        foreach (var file in SourceFiles("*.cs").Concat(SourceFiles("*.cshtml")))
        {
            var relative = Path.GetRelativePath(WebProject, file).Replace('\\', '/');
            if (Composers.Any(c => relative == c || relative.StartsWith(c + "/", StringComparison.Ordinal)) || relative.StartsWith("Features/_", StringComparison.Ordinal))
            {
                continue;
            }

            var owner = OwnerOf(relative);
            foreach (var used in FeaturesReferencedIn(WithoutComments(File.ReadAllText(file))).Where(f => f != owner))
            {
                if (owner is "Shared" or "Infrastructure" || !Allowed.ContainsKey((owner, used)))
                {
                    breaches.Add($"{relative} ({owner}) uses {used}");
                }
            }
        }

        Assert.True(breaches.Count == 0, "Add the dependency to ArchitectureTests.Allowed with its reason, or move the code:\n" + string.Join("\n", breaches));
    }

    [Fact]
    public void EveryAllowedDependency_IsStillUsed()
    {
        var used = new HashSet<(string, string)>();
        foreach (var file in SourceFiles("*.cs").Concat(SourceFiles("*.cshtml")))
        {
            var owner = OwnerOf(Path.GetRelativePath(WebProject, file).Replace('\\', '/'));
            foreach (var feature in FeaturesReferencedIn(WithoutComments(File.ReadAllText(file))))
            {
                used.Add((owner, feature));
            }
        }

        var unused = Allowed.Keys.Where(pair => !used.Contains(pair)).Select(pair => $"{pair.From} -> {pair.To}").ToList();
        Assert.True(unused.Count == 0, "No longer used; take it out of ArchitectureTests.Allowed: " + string.Join(", ", unused));
    }

    [Fact]
    public void EveryFile_IsNamedAfterItsType_AndHoldsOneClass()
    {
        var breaches = new List<string>();
        foreach (var file in SourceFiles("*.cs"))
        {
            var relative = Path.GetRelativePath(WebProject, file).Replace('\\', '/');
            if (relative is "Program.cs")
            {
                continue;
            }

            var declared = TopLevelType().Matches(File.ReadAllText(file)).Select(m => (Kind: m.Groups["kind"].Value, Name: m.Groups["name"].Value)).ToList();
            // A Razor page's code-behind (Login.cshtml.cs) holds its page model (LoginModel).
            var name = file.EndsWith(".cshtml.cs", StringComparison.Ordinal)
                ? Path.GetFileName(file)[..^".cshtml.cs".Length] + "Model"
                : Path.GetFileNameWithoutExtension(file);
            if (!declared.Any(t => t.Name == name))
            {
                breaches.Add($"{relative}: no type named {name}");
            }

            // Beside its class a file may keep records and enums, an entity's EF mapping and an options class's validator
            // (and a generic class its non-generic namesake: Result<T> beside Result, Paged<T> beside Paged).
            var classes = declared.Where(t => t.Kind is "class" or "interface" or "struct").Select(t => t.Name).ToList();
            var extra = classes.Where(c => c != name && !(c == name + "Configuration" || c == name + "Validator")).ToList();
            if (extra.Count > 0)
            {
                breaches.Add($"{relative}: also declares {string.Join(", ", extra)}");
            }
        }

        Assert.True(breaches.Count == 0, string.Join("\n", breaches));
    }

    [Fact]
    public void NoGlobalUsing_HidesAFeatureDependency()
    {
        var hidden = SourceFiles("*.cs").Where(f => File.ReadAllText(f).Contains("global using AmericanBalintSociety.Web.Features", StringComparison.Ordinal));
        Assert.Empty(hidden.Select(f => Path.GetRelativePath(WebProject, f)));
    }

    [Fact]
    public void TheRules_SeeTheCode()
    {
        // A check over no files passes for nothing: make sure it reads the project and finds a known dependency.
        Assert.True(SourceFiles("*.cs").Count() > 100);
        var cartService = File.ReadAllText(Path.Combine(WebProject, "Features", "Shop", "Checkout", "CheckoutController.cs"));
        Assert.Contains("Membership", FeaturesReferencedIn(cartService));
        Assert.Equal("Shop", OwnerOf("Features/Shop/Carts/CartService.cs"));
        Assert.Contains("News", FeaturesReferencedIn("var article = await db.Articles.FirstAsync();"));
        Assert.Equal("Shop", SetOwners["Orders"]);
        Assert.Contains("Shop", Features);
        Assert.DoesNotContain("News", FeaturesReferencedIn(WithoutComments("var link = \"https://example.org/Shop.Orders\"; // Features.News.X")));
        Assert.Contains("Shop", FeaturesReferencedIn(WithoutComments("var link = \"https://example.org/\"; var o = Shop.Orders.Order.Empty;")));
    }

    private static string OwnerOf(string relative)
    {
        var parts = relative.Split('/');
        return parts[0] == "Features" && parts.Length > 2 ? parts[1] : parts[0];
    }

    private static IEnumerable<string> FeaturesReferencedIn(string source) =>
        FeatureReference().Matches(source).Select(m => m.Groups["feature"].Value)
            // "Errors" is also a common property name (result.Errors); that feature is only ever named in full.
            .Concat(ShortFeatureReference().Matches(source).Select(m => m.Groups["feature"].Value).Where(f => Features.Contains(f) && f != "Errors"))
            .Concat(SetReference().Matches(source).Select(m => SetOwners.GetValueOrDefault(m.Groups["set"].Value)).OfType<string>())
            .Where(f => Features.Contains(f) || f is "Admin" or "Home")
            .Distinct();

    private static string? FeatureOfNamespace(string? ns)
    {
        var parts = ns?.Split('.') ?? [];
        var at = Array.IndexOf(parts, "Features");
        return at >= 0 && at + 1 < parts.Length ? parts[at + 1] : null;
    }

    private static string WithoutComments(string source) => LineComment().Replace(source, "");

    private static IEnumerable<string> SourceFiles(string pattern) =>
        Directory.EnumerateFiles(WebProject, pattern, SearchOption.AllDirectories)
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal)
                && !f.Contains("/Migrations/", StringComparison.Ordinal) && !IsGenerated(f));

    /// <summary>Code a tool writes (EF's compiled models) keeps the tool's shape; regenerated, never edited by hand.</summary>
    private static bool IsGenerated(string file)
    {
        using var reader = new StreamReader(file);
        return reader.ReadLine()?.TrimStart('\uFEFF').StartsWith("// <auto-generated", StringComparison.Ordinal) == true;
    }

    private static string FindWebProject()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "AmericanBalintSociety.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("AmericanBalintSociety.sln not found above the test output"),
            "src", "AmericanBalintSociety.Web");
    }

    // "AmericanBalintSociety.Web.Features.Shop" in a using, a @model or a qualified name.
    [GeneratedRegex(@"AmericanBalintSociety\.Web\.Features\.(?<feature>[A-Za-z]+)")]
    private static partial Regex FeatureReference();

    // "Features.News.NewsOptions" or "Membership.IPersonalDataSource" written relative to the site's namespace.
    [GeneratedRegex(@"(?<![\w.])(?:Features\.)?(?<feature>[A-Z]\w*)\.[A-Z]\w*")]
    private static partial Regex ShortFeatureReference();

    // A query on one of the context's sets: "db.Articles", "db.Set<...>" aside (every feature reads its own sets by name).
    [GeneratedRegex(@"\bdb\.(?<set>[A-Z]\w*)\b")]
    private static partial Regex SetReference();

    // A comment to the end of the line (C#) or a Razor comment; a mention in prose is not a dependency.
    [GeneratedRegex(@"(?<!:)//[^\n]*|@\*[\s\S]*?\*@")]
    private static partial Regex LineComment();

    [GeneratedRegex(@"^(?:(?:public|internal|sealed|static|abstract|partial|readonly)\s+)+(?<kind>record\s+struct|record|class|struct|interface|enum)\s+(?<name>\w+)", RegexOptions.Multiline)]
    private static partial Regex TopLevelType();
}
