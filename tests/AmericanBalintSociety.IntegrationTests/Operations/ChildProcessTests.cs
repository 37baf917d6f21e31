namespace AmericanBalintSociety.IntegrationTests.Operations;

/// <summary>The tests' own way of waiting for a started site says why it never answered.</summary>
public sealed class ChildProcessTests
{
    [Fact]
    public async Task WaitingForASiteThatExits_FailsAtOnce_WithItsLastWords()
    {
        await using var crashed = ChildProcess.Start("sh", ".", new Dictionary<string, string>(), "-c", "sleep 0.2; echo 'Unhandled exception: no database'; exit 3");
        var asked = 0;

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => crashed.WaitUntilLiveAsync(() =>
        {
            asked++;
            throw new HttpRequestException("connection refused"); // nothing listens
        })).WaitAsync(TimeSpan.FromSeconds(10)); // not the 60 s a silent site is given

        Assert.Contains("exited (3)", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Unhandled exception: no database", failure.Message, StringComparison.Ordinal);
        Assert.True(asked > 0);
    }
}
