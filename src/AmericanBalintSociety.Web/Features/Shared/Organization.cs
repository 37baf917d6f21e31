using AmericanBalintSociety.Web.Data.Seeding;

namespace AmericanBalintSociety.Web.Features.Shared;

/// <summary>The society's name and the lines the footer and mails use, from <c>Content/Seed/organization.md</c>.</summary>
public sealed class Organization
{
    public required string Name { get; init; }

    public required string ShortName { get; init; }

    /// <summary>
    /// The name inside a sentence: "the American Balint Society" ("an account with the American Balint Society",
    /// "the American Balint Society's mailing list"), never "the The American…".
    /// </summary>
    public string InSentence => Name.StartsWith("The ", StringComparison.Ordinal) ? "the " + Name[4..] : Name;

    /// <summary>The 501(c)(3) line and International Balint Federation membership (the footer text).</summary>
    public required string About { get; init; }

    public string? Vision { get; init; }

    /// <summary>What the society is about in one sentence: the home page's lead and the shared-link picture's line.</summary>
    public string Tagline { get; init; } =
        "Balint groups: clinicians meeting regularly to talk through their relationships with patients, and finding in them the core of clinical practice.";

    public static Organization Load(string path)
    {
        var document = FrontMatterDocument.Parse<OrganizationFrontMatter>(File.ReadAllText(path));
        var paragraphs = document.Body
            .Replace("\r\n", "\n", StringComparison.Ordinal)
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => string.Join(' ', p.Split('\n', StringSplitOptions.TrimEntries)))
            .ToList();

        return new Organization
        {
            Name = document.FrontMatter.Name ?? throw new InvalidDataException($"{path}: 'name' is missing."),
            ShortName = document.FrontMatter.ShortName ?? document.FrontMatter.Name,
            About = paragraphs.FirstOrDefault() ?? "",
            Vision = paragraphs.Skip(1).FirstOrDefault(),
        };
    }

    private sealed class OrganizationFrontMatter
    {
        public string? Name { get; set; }

        public string? ShortName { get; set; }
    }
}
