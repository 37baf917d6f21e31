namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>
/// One feature's part of what the site holds about a member: what "download my data" includes and what
/// "delete my account" erases. Every feature that stores personal data registers one.
/// </summary>
public interface IPersonalDataSource
{
    /// <summary>The section's name in the download, e.g. <c>mail</c>.</summary>
    string Section { get; }

    Task<object?> ExportAsync(ApplicationUser user, CancellationToken cancellationToken);

    /// <summary>
    /// Before the deletion's transaction: what must happen elsewhere first (membership cancels the subscription at
    /// Stripe, so the person is never charged again). A refusal stops the deletion with its reason; nothing is erased.
    /// </summary>
    Task<Shared.Result> PrepareEraseAsync(ApplicationUser user, CancellationToken cancellationToken) => Task.FromResult(Shared.Result.Success());

    /// <summary>Erases or anonymises the member's data. Runs inside the deletion's transaction, before the account row goes.</summary>
    Task EraseAsync(ApplicationUser user, CancellationToken cancellationToken);
}
