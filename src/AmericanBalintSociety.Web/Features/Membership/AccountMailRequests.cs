using System.Threading.Channels;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>What a "forgot password" or "resend confirmation" form asked for, to be looked up after the answer.</summary>
public sealed record AccountMailRequest(AccountMailKind Kind, string Email, Uri SiteBase);

public enum AccountMailKind
{
    PasswordReset,
    Confirmation,
}

/// <summary>
/// The forms that take an address and answer "if it has an account, we have mailed it" hand the address here and
/// answer at once: the lookup, the token and the outbox write happen afterwards, so the answer takes the same time
/// whether or not the address has an account. A request lost in a crash is asked again by the person waiting for it.
/// </summary>
public sealed class AccountMailRequests
{
    private readonly Channel<AccountMailRequest> _requests = Channel.CreateBounded<AccountMailRequest>(
        new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropWrite });

    public bool TryEnqueue(AccountMailRequest request) => _requests.Writer.TryWrite(request);

    public ChannelReader<AccountMailRequest> Reader => _requests.Reader;
}
