namespace AmericanBalintSociety.Web.Infrastructure.Security;

/// <summary>Whether the data-protection keys are encrypted at rest, and whether they should be (everywhere but Development).</summary>
public sealed record KeyEncryptionStatus(bool Encrypted, bool Expected)
{
    /// <summary>Keys stored in the clear where they should not be: the start-up log and the staff dashboard say so.</summary>
    public bool Missing => Expected && !Encrypted;
}
