using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Features.Membership.Dues;
using AmericanBalintSociety.Web.Features.Membership.Levels;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AmericanBalintSociety.Web.Features.Admin.Members;

public sealed record MemberListViewModel(Paged<MemberSummary> Members, string? Query);

public sealed record MemberViewModel(
    MemberDetails Member, string? Message, bool IsError, bool IsSelf, MembershipSummary? Membership, IReadOnlyList<MembershipLevel> Levels,
    MembershipRecord Record, GrantInput? Grant = null, OfflinePaymentInput? Offline = null, string? TwoFactorError = null);

/// <summary>A refused offline payment form, sent back as typed, with the message and the field it is about.</summary>
public sealed record OfflinePaymentInput(int LevelId, string? Amount, string? ReceivedOn, string? Note, string Error, string Field);

/// <summary>A refused grant form, sent back as typed, with the message and the field it is about (empty: the whole form).</summary>
public sealed record GrantInput(int LevelId, MembershipKind Kind, string? EndsOn, string Error, string Field);

/// <summary>Members (Admin only): find an account, change its staff roles, lock or unlock it, resend its confirmation.</summary>
[Authorize(Policy = Policies.Admin)]
[Route("admin/members")]
public sealed class AdminMembersController(
    MemberAdministration members, MembershipGrants grants, MembershipLevels levels, MembershipAdministration dues, SiteUrls urls) : Controller
{
    [TempData]
    public string? Message { get; set; }

    [TempData]
    public bool MessageIsError { get; set; }

    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] string? q, [FromQuery] int page = 1, CancellationToken cancellationToken = default)
    {
        var list = await members.SearchAsync(q, page, cancellationToken);
        if (list.IsOutOfRange)
        {
            return NotFound();
        }

        return View(new MemberListViewModel(list, string.IsNullOrWhiteSpace(q) ? null : q.Trim()));
    }

    [HttpGet("{id}")]
    public async Task<IActionResult> Details(string id, CancellationToken cancellationToken)
    {
        var member = await members.GetAsync(id, cancellationToken);
        if (member is null)
        {
            return NotFound();
        }

        var isSelf = string.Equals(member.User.Id, members.CurrentUserId(User), StringComparison.Ordinal);
        return View(new MemberViewModel(member, Message, MessageIsError, isSelf,
            await grants.ForAsync(member.User.Id, cancellationToken), await levels.AllAsync(cancellationToken), await dues.RecordAsync(member.User.Id, cancellationToken)));
    }

    [HttpPost("{id}/roles/give")]
    public async Task<IActionResult> GiveRole(string id, [FromForm] string role, CancellationToken cancellationToken) => Done(id, await members.GiveRoleAsync(User, id, role, cancellationToken));

    [HttpPost("{id}/roles/take")]
    public async Task<IActionResult> TakeRole(string id, [FromForm] string role, CancellationToken cancellationToken) => Done(id, await members.TakeRoleAsync(User, id, role, cancellationToken));

    [HttpPost("{id}/lock")]
    public async Task<IActionResult> Lock(string id, CancellationToken cancellationToken) => Done(id, await members.LockAsync(User, id, cancellationToken));

    [HttpPost("{id}/unlock")]
    public async Task<IActionResult> Unlock(string id, CancellationToken cancellationToken) => Done(id, await members.UnlockAsync(User, id, cancellationToken));

    /// <summary>Turns off a member's two-factor authentication; the Admin's own password is asked again (422 when wrong).</summary>
    [HttpPost("{id}/two-factor/reset")]
    [Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(Infrastructure.RateLimitPolicies.Forms)]
    public async Task<IActionResult> ResetTwoFactor(string id, [FromForm] string? password, CancellationToken cancellationToken)
    {
        var result = await members.ResetTwoFactorAsync(User, id, password, cancellationToken);
        return result.Errors.FirstOrDefault(e => e.Field == "password") is { } wrong
            ? await RefusedAsync(id, null, null, cancellationToken, wrong.Message)
            : Done(id, result);
    }

    [HttpPost("{id}/resend-confirmation")]
    public async Task<IActionResult> ResendConfirmation(string id, CancellationToken cancellationToken) => Done(id, await members.ResendConfirmationAsync(User, id, Request, cancellationToken));

    /// <summary>
    /// Grants an honorary or complimentary membership (an empty last day: without end). A refusal shows the page again
    /// with what was typed and the message by its field.
    /// </summary>
    [HttpPost("{id}/membership/grant")]
    public async Task<IActionResult> GrantMembership(string id, [FromForm] int levelId, [FromForm] string? kind, [FromForm] string? endsOn, CancellationToken cancellationToken)
    {
        var parsedKind = Enum.TryParse<MembershipKind>(kind, ignoreCase: false, out var k) ? k : MembershipKind.Paid; // Paid is refused below
        DateOnly? lastDay = null;
        Result result;
        if (!string.IsNullOrWhiteSpace(endsOn))
        {
            if (!DateOnly.TryParseExact(endsOn.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day))
            {
                result = Result.Invalid("endsOn", "Enter the last day as a date, e.g. 2027-12-31, or leave it empty.");
                return await RefusedAsync(id, new GrantInput(levelId, parsedKind, endsOn, result.Error!, "endsOn"), null, cancellationToken);
            }

            lastDay = day;
        }

        result = await grants.GrantAsync(User, id, levelId, parsedKind, lastDay, cancellationToken);
        return result.Succeeded ? Done(id, result)
            : await RefusedAsync(id, new GrantInput(levelId, parsedKind, endsOn, result.Error!, result.Errors[0].Field), null, cancellationToken);
    }

    /// <summary>Records dues paid outside Stripe (a cheque); a refusal comes back with what was typed.</summary>
    [HttpPost("{id}/membership/payment")]
    public async Task<IActionResult> RecordPayment(
        string id, [FromForm] int levelId, [FromForm] string? amount, [FromForm] string? receivedOn, [FromForm] string? note, CancellationToken cancellationToken)
    {
        OfflinePaymentInput Refused(Result refusal) => new(levelId, amount, receivedOn, note, refusal.Error!, refusal.Errors[0].Field);
        if (!decimal.TryParse(amount?.Trim().TrimStart('$'), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var dollars)
            || decimal.Round(dollars, 2) != dollars)
        {
            return await RefusedAsync(id, null, Refused(Result.Invalid("amount", "Enter the amount received in dollars, e.g. 150.00.")), cancellationToken);
        }

        if (!DateOnly.TryParseExact(receivedOn?.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day))
        {
            return await RefusedAsync(id, null, Refused(Result.Invalid("receivedOn", "Enter the day the payment was received, e.g. 2026-11-30.")), cancellationToken);
        }

        var result = await dues.RecordOfflinePaymentAsync(User, id, levelId, (long)(dollars * 100), day, note, urls.Base(Request), cancellationToken);
        return result.Succeeded ? Done(id, result) : await RefusedAsync(id, null, Refused(result), cancellationToken);
    }

    [HttpPost("{id}/membership/cancel-renewal")]
    public async Task<IActionResult> CancelRenewal(string id, CancellationToken cancellationToken) => Done(id, await dues.CancelRenewalAsync(User, id, cancellationToken));

    [HttpPost("{id}/membership/refund")]
    public async Task<IActionResult> Refund(string id, CancellationToken cancellationToken) => Done(id, await dues.RefundLastPaymentAsync(User, id, cancellationToken));

    [HttpPost("{id}/notes")]
    public async Task<IActionResult> AddNote(string id, [FromForm] string? note, CancellationToken cancellationToken) => Done(id, await dues.AddNoteAsync(User, id, note, cancellationToken));

    private async Task<IActionResult> RefusedAsync(string id, GrantInput? grant, OfflinePaymentInput? offline, CancellationToken cancellationToken, string? twoFactorError = null)
    {
        var member = await members.GetAsync(id, cancellationToken);
        if (member is null)
        {
            return NotFound();
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        var isSelf = string.Equals(member.User.Id, members.CurrentUserId(User), StringComparison.Ordinal);
        return View("Details", new MemberViewModel(member, null, false, isSelf,
            await grants.ForAsync(member.User.Id, cancellationToken), await levels.AllAsync(cancellationToken), await dues.RecordAsync(member.User.Id, cancellationToken),
            grant, offline, twoFactorError));
    }

    [HttpPost("{id}/membership/end")]
    public async Task<IActionResult> EndMembership(string id, CancellationToken cancellationToken) => Done(id, await grants.EndGrantAsync(User, id, cancellationToken));

    // Post, redirect, get: a reload does not repeat the change, and the message survives the redirect.
    private RedirectResult Done(string id, Result result)
    {
        Message = result.Succeeded ? result.Message : result.Error;
        MessageIsError = !result.Succeeded;
        return Redirect($"/admin/members/{Uri.EscapeDataString(id)}");
    }
}
