using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Features.Membership.Levels;
using AmericanBalintSociety.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AmericanBalintSociety.Web.Features.Admin.Levels;

/// <summary>Staff set the membership levels (Admin only: they set prices): name, what it gives, who may join, dues, on offer.</summary>
[Authorize(Policy = Policies.Admin)]
[Route("admin/membership/levels")]
public sealed class AdminLevelsController(MembershipLevels levels) : Controller
{
    [TempData]
    public string? Message { get; set; }

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        ViewData["Message"] = Message;
        ViewData["NotOpen"] = await levels.NotOpenBecauseAsync(cancellationToken);
        return View(await levels.AllAsync(cancellationToken));
    }

    [HttpGet("new")]
    public IActionResult New() => View("Edit", new LevelForm { DisplayOrder = 1 });

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Edit(int id, CancellationToken cancellationToken) =>
        await levels.FindAsync(id, cancellationToken) is { } level ? View(MembershipLevels.FormOf(level)) : NotFound();

    [HttpPost("new")]
    public Task<IActionResult> Create(LevelForm form, CancellationToken cancellationToken) => SaveAsync(form, 0, cancellationToken);

    [HttpPost("{id:int}")]
    public Task<IActionResult> Update(int id, LevelForm form, CancellationToken cancellationToken) => SaveAsync(form, id, cancellationToken);

    private async Task<IActionResult> SaveAsync(LevelForm form, int id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        form.Id = id;
        if (ModelState.IsValid)
        {
            var result = await levels.SaveAsync(form, User, cancellationToken);
            if (result.Succeeded)
            {
                Message = result.Message;
                return Redirect("/admin/membership/levels");
            }

            ModelState.AddErrors(result);
        }

        // Everything typed comes back, with the message next to its field.
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Edit", form);
    }
}
