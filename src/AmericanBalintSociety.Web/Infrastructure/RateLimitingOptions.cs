using System.ComponentModel.DataAnnotations;

namespace AmericanBalintSociety.Web.Infrastructure;

/// <summary>Settings under <c>RateLimiting</c>: how many posts of a public form one address may make a minute.</summary>
public sealed class RateLimitingOptions
{
    public const string SectionName = "RateLimiting";

    /// <summary>Form posts a minute from one IP address to a limited form (sign-in, registration, signup…).</summary>
    [Range(1, 10_000)]
    public int FormPostsPerMinute { get; set; } = 10;

    /// <summary>Mailing-list signups a minute from one IP address (each can send a mail, so fewer than other forms).</summary>
    [Range(1, 10_000)]
    public int SignupsPerMinute { get; set; } = 5;

    /// <summary>Searches a minute from one IP address (each uncached search is real database work).</summary>
    [Range(1, 10_000_000)]
    public int SearchesPerMinute { get; set; } = 60;
}
