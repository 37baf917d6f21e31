using System.Text.RegularExpressions;

namespace AmericanBalintSociety.UnitTests;

/// <summary>
/// The layout rules of docs/architecture.md, checked on the source so they hold without anyone policing them:
/// one public class per file named after it, and features that use only Shared, Data, Infrastructure and the
/// other features' services listed here, each with its reason.
/// </summary>
public sealed partial class ArchitectureTests
{
    /// <summary>The features: folders under Features/ that own a piece of the site.</summary>
    private static readonly string[] Features = ["Email", "Errors", "MailingList", "Membership", "News", "Seo", "Shop"];

    /// <summary>
    /// Where a feature may use another feature, and why. Anything else a feature needs from another belongs in Shared
    /// (or Infrastructure), or is a sign the code sits in the wrong feature.
    /// </summary>
    private static readonly Dictionary<(string From, string To), string> Allowed = new()
    {
        [("MailingList", "Email")] = "list mail goes out through the outbox",
        [("Membership", "Email")] = "account mail goes out through the outbox",
        [("Shop", "Email")] = "order mail goes out through the outbox",
        [("Email", "Membership")] = "the outbox's mail is personal data of an account (IPersonalDataSource)",
        [("MailingList", "Membership")] = "a subscription is personal data of an account; staff roles",
        [("Shop", "Membership")] = "orders belong to accounts; personal data",
        [("Membership", "MailingList")] = "registration's 'also add me to the mailing list' asks the list's double opt-in",
        [("Shop", "News")] = "the book's cover is stored by the news' CoverImageStore",
        [("Seo", "News")] = "the sitemap lists the articles",
    };

    /// <summary>Folders of the web project that compose features (they may use any): staff pages, the home page, account pages, commands, the model.</summary>
    private static readonly string[] Composers = ["Features/Admin", "Features/Home", "Areas", "Cli", "Data", "Program.cs"];

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

            // Beside its class a file may keep records and enums, an entity's EF mapping and an options class's validator.
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
    public void TheRules_SeeTheCode()
    {
        // A check over no files passes for nothing: make sure it reads the project and finds a known dependency.
        Assert.True(SourceFiles("*.cs").Count() > 100);
        var cartService = File.ReadAllText(Path.Combine(WebProject, "Features", "Shop", "Checkout", "CheckoutController.cs"));
        Assert.Contains("Membership", FeaturesReferencedIn(cartService));
        Assert.Equal("Shop", OwnerOf("Features/Shop/Carts/CartService.cs"));
    }

    private static string OwnerOf(string relative)
    {
        var parts = relative.Split('/');
        return parts[0] == "Features" && parts.Length > 2 ? parts[1] : parts[0];
    }

    private static IEnumerable<string> FeaturesReferencedIn(string source) =>
        FeatureReference().Matches(source).Select(m => m.Groups["feature"].Value)
            .Concat(ShortFeatureReference().Matches(source).Select(m => m.Groups["feature"].Value))
            .Where(f => Features.Contains(f) || f is "Admin" or "Home")
            .Distinct();

    private static string WithoutComments(string source) => LineComment().Replace(source, "");

    private static IEnumerable<string> SourceFiles(string pattern) =>
        Directory.EnumerateFiles(WebProject, pattern, SearchOption.AllDirectories)
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal)
                && !f.Contains("/Migrations/", StringComparison.Ordinal));

    private static readonly string WebProject = FindWebProject();

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
    [GeneratedRegex(@"(?<![\w.])(?:Features\.)?(?<feature>Email|MailingList|Membership|News|Shop|Seo|Admin|Home)\.[A-Z]\w*")]
    private static partial Regex ShortFeatureReference();

    // A comment to the end of the line (C#) or a Razor comment; a mention in prose is not a dependency.
    [GeneratedRegex(@"//[^\n]*|@\*[\s\S]*?\*@")]
    private static partial Regex LineComment();

    [GeneratedRegex(@"^(?:(?:public|internal|sealed|static|abstract|partial|readonly)\s+)+(?<kind>record\s+struct|record|class|struct|interface|enum)\s+(?<name>\w+)", RegexOptions.Multiline)]
    private static partial Regex TopLevelType();
}
