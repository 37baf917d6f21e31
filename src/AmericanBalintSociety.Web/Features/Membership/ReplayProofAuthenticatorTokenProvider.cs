using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OtpNet;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>
/// Identity's authenticator-app codes (TOTP, RFC 6238: 6 digits, 30-second steps, 90 seconds either side for clock
/// drift, as Identity's own provider), except that each accepted code claims its time step for the account: that code,
/// and any of an earlier step, is refused from then on (ASVS V6.5.1). The claim is one conditional UPDATE, so two
/// requests racing with the same code cannot both win. Used for sign-in, the staff pages' second factor and setting up
/// an app.
/// </summary>
public sealed class ReplayProofAuthenticatorTokenProvider(
    AppDbContext db, TimeProvider clock, IHttpContextAccessor http, SecurityEventLog events, ILogger<ReplayProofAuthenticatorTokenProvider> logger)
    : AuthenticatorTokenProvider<ApplicationUser>
{
    private static readonly VerificationWindow DriftWindow = new(previous: 2, future: 2);

    public override async Task<bool> ValidateAsync(string purpose, string token, UserManager<ApplicationUser> manager, ApplicationUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(user);
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key) || token is not { Length: 6 } || !token.All(char.IsAsciiDigit))
        {
            return false;
        }

        var totp = new Totp(Base32Encoding.ToBytes(key));
        if (!totp.VerifyTotp(clock.GetUtcNow().UtcDateTime, token, out var step, DriftWindow))
        {
            return false;
        }

        var claimed = await db.Users
            .Where(u => u.Id == user.Id && (u.LastAuthenticatorTimeStep == null || u.LastAuthenticatorTimeStep < step))
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.LastAuthenticatorTimeStep, step));
        if (claimed == 0)
        {
            if (http.HttpContext is { } context)
            {
                events.Write(context, SecurityEvent.AuthenticatorCodeReplayed, $"account {user.Id}: an authenticator code was used again and refused");
            }
            else
            {
                logger.LogWarning("Account {UserId}: an authenticator code was used again and refused", user.Id);
            }
            return false;
        }

        // The row has it now; the tracked copy learns it without writing it a second time.
        var entry = db.Entry(user);
        if (entry.State != EntityState.Detached)
        {
            entry.Property(u => u.LastAuthenticatorTimeStep).CurrentValue = step;
            entry.Property(u => u.LastAuthenticatorTimeStep).OriginalValue = step;
        }

        return true;
    }
}
