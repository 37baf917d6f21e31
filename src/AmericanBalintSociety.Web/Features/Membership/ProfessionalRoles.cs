namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>The professional roles a member can pick on their profile (who comes to Balint groups).</summary>
public static class ProfessionalRoles
{
    public static IReadOnlyList<string> All { get; } =
    [
        "Physician",
        "Resident or fellow",
        "Psychologist",
        "Psychiatrist",
        "Nurse or nurse practitioner",
        "Physician assistant",
        "Social worker",
        "Counselor or therapist",
        "Chaplain",
        "Educator",
        "Student",
        "Other",
    ];
}
