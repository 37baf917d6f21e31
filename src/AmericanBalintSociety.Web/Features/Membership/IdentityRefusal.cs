using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.AspNetCore.Identity;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>A failed <see cref="IdentityResult"/> as a refused <see cref="Result"/>, never without a reason.</summary>
public static class IdentityRefusal
{
    public static Result Of(IdentityResult identityResult, string whenIdentityGivesNoReason)
    {
        ArgumentNullException.ThrowIfNull(identityResult);
        var reasons = identityResult.Errors.Select(e => e.Description).Where(d => !string.IsNullOrWhiteSpace(d)).ToArray();
        return Result.Failure(reasons.Length > 0 ? reasons : [whenIdentityGivesNoReason]);
    }
}
