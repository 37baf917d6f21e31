using System.Globalization;
using System.Security.Claims;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Data.Auditing;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Donations;

/// <summary>
/// The amounts offered as buttons on /donate: what staff set under Donations → Amounts, else
/// <see cref="DonationOptions.PresetDollars"/>. Each within the gift limits; at most eight.
/// </summary>
public sealed class GiftAmounts(AppDbContext db, AuditLog audit, TimeProvider clock, IOptions<DonationOptions> options)
{
    public const int MaxPresets = 8;

    public async Task<IReadOnlyList<int>> PresetsAsync(CancellationToken cancellationToken)
    {
        var saved = await db.GivingSettings.AsNoTracking().Where(s => s.Id == GivingSettings.SingletonId).Select(s => s.PresetDollars).FirstOrDefaultAsync(cancellationToken);
        return saved is not null && Parse(saved) is { Count: > 0 } presets ? presets : options.Value.PresetDollars;
    }

    /// <summary>Saves the amounts as typed ("25, 50, $100"), sorted; refused by the field when one is not whole dollars within the limits.</summary>
    public async Task<Result> SaveAsync(string? typed, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var parts = (typed ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var amounts = new SortedSet<int>();
        foreach (var part in parts)
        {
            var text = part.TrimStart('$');
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var dollars) || dollars < settings.MinimumDollars || dollars > settings.MaximumDollars)
            {
                return Result.Invalid("Amounts",
                    $"“{part}” is not an amount that can be given: each must be whole dollars from {Display.Money(settings.MinimumDollars * 100L)} to {Display.Money(settings.MaximumDollars * 100L)}.");
            }

            amounts.Add(dollars);
        }

        if (amounts.Count is 0 or > MaxPresets)
        {
            return Result.Invalid("Amounts", $"Give from one to {MaxPresets} amounts, separated by commas, e.g. 25, 50, 100, 250.");
        }

        var value = string.Join(',', amounts.Select(a => a.ToString(CultureInfo.InvariantCulture)));
        var row = await db.GivingSettings.FirstOrDefaultAsync(s => s.Id == GivingSettings.SingletonId, cancellationToken);
        if (row is null)
        {
            db.GivingSettings.Add(new GivingSettings { PresetDollars = value, UpdatedAt = clock.GetUtcNow() });
        }
        else
        {
            row.PresetDollars = value;
            row.UpdatedAt = clock.GetUtcNow();
            row.Version++;
        }

        audit.Record(actor, "giving.amounts-changed", "giving", string.Join(", ", amounts.Select(a => Display.Money(a * 100L))));
        await db.SaveChangesAsync(cancellationToken);
        return Result.Success($"The giving page now offers {string.Join(", ", amounts.Select(a => Display.Money(a * 100L)))}.");
    }

    private static List<int> Parse(string saved) =>
        [.. saved.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : 0).Where(d => d > 0)];
}
