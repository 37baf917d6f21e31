using AmericanBalintSociety.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AmericanBalintSociety.Web.Features.Shop.Downloads;

/// <summary>Ebook downloads: the signed link from the mail or "My orders"; anything not allowed answers 404.</summary>
[AllowAnonymous]
public sealed class DownloadsController(EbookDownloads downloads, SecurityEventLog events) : Controller
{
    [HttpGet("/orders/{number}/download/{token}")]
    public async Task<IActionResult> Download(string number, string token, CancellationToken cancellationToken)
    {
        var redeemed = await downloads.RedeemAsync(number, token, cancellationToken);
        if (redeemed.Value is not { } file)
        {
            var kind = redeemed.Error == EbookDownloads.UndecryptableLink ? SecurityEvent.UndecryptableToken : SecurityEvent.DownloadRefused;
            events.Write(HttpContext, kind, $"download link refused: {redeemed.Error}", pathHasToken: true);
            return NotFound();
        }

        Response.Headers.CacheControl = "no-store";
        Response.Headers.XContentTypeOptions = "nosniff";
        return PhysicalFile(file.Path, file.ContentType, file.DownloadName); // Content-Disposition: attachment
    }
}
