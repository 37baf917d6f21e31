using MimeKit;

namespace AmericanBalintSociety.Web.Features.Email;

/// <summary>Where mail physically goes. The seam between the outbox and the outside world.</summary>
public interface IEmailTransport
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}
