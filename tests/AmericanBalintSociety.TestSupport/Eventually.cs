namespace AmericanBalintSociety.TestSupport;

/// <summary>Polls a condition that background work (the mail dispatcher) makes true a little later.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string because)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await condition())
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout}: {because}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Polls until <paramref name="find"/> returns something, and returns it.</summary>
    public static async Task<T> ValueAsync<T>(Func<T?> find, TimeSpan timeout, string because)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(find);
        T? found = null;
        await TrueAsync(() => Task.FromResult((found = find()) is not null), timeout, because);
        return found!;
    }
}
