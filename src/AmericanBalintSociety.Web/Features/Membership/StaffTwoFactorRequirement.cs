using Microsoft.AspNetCore.Authorization;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>
/// The account has two-factor authentication on and this session passed it (signed in with a code, or from a device
/// remembered after one), when <see cref="SecurityOptions.RequireTwoFactorForStaff"/>.
/// </summary>
public sealed class StaffTwoFactorRequirement : IAuthorizationRequirement;
