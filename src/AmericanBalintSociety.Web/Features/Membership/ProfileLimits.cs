namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>Column sizes of the profile, shared by the model, the forms and their validation.</summary>
public static class ProfileLimits
{
    public const int Name = 100;
    public const int ProfessionalRole = 50;
    public const int Organization = 200;
    public const int Place = 100;
}
