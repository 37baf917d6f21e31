using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>Identity's user manager, except that a new authenticator key starts with no used codes.</summary>
public sealed class SiteUserManager(
    IUserStore<ApplicationUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<ApplicationUser> passwordHasher,
    IEnumerable<IUserValidator<ApplicationUser>> userValidators,
    IEnumerable<IPasswordValidator<ApplicationUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<ApplicationUser>> logger)
    : UserManager<ApplicationUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    /// <summary>
    /// A new key, and the replay guard's memory forgotten (<see cref="ApplicationUser.LastAuthenticatorTimeStep"/>): the
    /// old key's codes cannot pass with the new one, and the new app's first code may fall in the step the old one last
    /// used.
    /// </summary>
    public override Task<IdentityResult> ResetAuthenticatorKeyAsync(ApplicationUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        user.LastAuthenticatorTimeStep = null;
        return base.ResetAuthenticatorKeyAsync(user); // saves both
    }
}
