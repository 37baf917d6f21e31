using System.Security.Claims;

namespace AmericanBalintSociety.Web.Infrastructure.Security;

/// <summary>
/// One Warning line per security event, with what an operator needs to follow it up (the event, the reason, the method
/// and path, the account id or "anonymous", the client's address) and never a token, cookie or password. Each kind of
/// event writes at most <see cref="LinesPerMinute"/> lines a minute, so a scanner cannot flood the log: the first line
/// after a quiet spell says how many were left out.
/// </summary>
public sealed class SecurityEventLog(ILogger<SecurityEventLog> logger, TimeProvider clock)
{
    public const int LinesPerMinute = 30;

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private readonly Dictionary<SecurityEvent, WindowCount> _windows = [];

    /// <param name="context">The request the event happened in.</param>
    /// <param name="kind">What happened.</param>
    /// <param name="reason">Why it was refused, in words; never a token value.</param>
    /// <param name="pathHasToken">
    /// The path itself carries a token (a download link): the route's pattern is logged instead of the path.
    /// </param>
    public void Write(HttpContext context, SecurityEvent kind, string reason, bool pathHasToken = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!TryTake(kind, out var leftOut))
        {
            return;
        }

        var path = pathHasToken
            ? (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(a path with a token)"
            : context.Request.Path.Value;
        var user = context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous";
        var ip = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (leftOut > 0)
        {
            logger.LogWarning("Security event {SecurityEvent}: {Reason}; {Method} {Path} by {UserId} from {ClientIp} ({LeftOut} more of this kind in the last minute were not logged)",
                kind, reason, context.Request.Method, path, user, ip, leftOut);
        }
        else
        {
            logger.LogWarning("Security event {SecurityEvent}: {Reason}; {Method} {Path} by {UserId} from {ClientIp}",
                kind, reason, context.Request.Method, path, user, ip);
        }
    }

    /// <summary>Whether this kind may write a line now; <paramref name="leftOut"/> is how many were dropped before it.</summary>
    private bool TryTake(SecurityEvent kind, out int leftOut)
    {
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            if (!_windows.TryGetValue(kind, out var window) || now - window.Start >= Window)
            {
                leftOut = window?.Dropped ?? 0;
                _windows[kind] = new WindowCount(now) { Written = 1 };
                return true;
            }

            if (window.Written < LinesPerMinute)
            {
                window.Written++;
                leftOut = 0;
                return true;
            }

            window.Dropped++;
            leftOut = 0;
            return false;
        }
    }

    private sealed class WindowCount(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; } = start;

        public int Written { get; set; }

        public int Dropped { get; set; }
    }
}
