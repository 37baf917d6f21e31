using System.Text.Json;
using AmericanBalintSociety.TestSupport;

namespace AmericanBalintSociety.IntegrationTests.Foundation;

/// <summary>
/// The log an operator reads (issue 18): one JSON object a line, each with an ISO 8601 UTC timestamp; one line per
/// request with its method, path, status and duration, never its query string, and a secret in a path replaced by the
/// route's template.
/// </summary>
[Collection(ConsoleCapture.Name)]
public sealed class RequestLogTests
{
    [Fact]
    public async Task EachRequest_IsOneJsonLine_WithATimestamp_MethodPathStatusAndDuration_AndNoSecrets()
    {
        var probe = $"/probe-{Guid.NewGuid():N}";
        var token = $"secret{Guid.NewGuid():N}";
        var captured = new StringWriter();
        var original = Console.Out;
        Console.SetOut(TextWriter.Synchronized(captured));
        try
        {
            await using var site = new TestSite { Settings = { ["Logging:LogLevel:Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware"] = "Information" } };
            var client = site.CreateBrowserClient();
            using (await client.GetAsync(new Uri($"{probe}?code=hidden-query", UriKind.Relative)))
            using (await client.GetAsync(new Uri($"/donate/receipt/{token}", UriKind.Relative)))
            {
            }

            await Eventually.TrueAsync(() => Task.FromResult(captured.ToString().Contains(probe, StringComparison.Ordinal)), TimeSpan.FromSeconds(10), "no request line");
            await Task.Delay(300);
        }
        finally
        {
            Console.SetOut(original);
        }

        var lines = captured.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.StartsWith('{')).ToList();
        var requests = new List<JsonElement>();
        foreach (var line in lines)
        {
            using var json = JsonDocument.Parse(line); // every line is JSON
            var timestamp = json.RootElement.GetProperty("Timestamp").GetString()!;
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", timestamp);
            if (json.RootElement.GetProperty("Category").GetString() == "Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware")
            {
                requests.Add(json.RootElement.GetProperty("State").Clone());
            }
        }

        var probeLine = Assert.Single(requests, r => r.GetProperty("Path").GetString() == probe);
        Assert.Equal(("GET", "404"), (probeLine.GetProperty("Method").GetString(), probeLine.GetProperty("StatusCode").ToString()));
        Assert.Matches("^[0-9a-f]{32}$", probeLine.GetProperty("TraceId").GetString());
        Assert.True(double.Parse(probeLine.GetProperty("Duration").ToString(), System.Globalization.CultureInfo.InvariantCulture) >= 0);
        Assert.Contains(requests, r => r.GetProperty("Path").GetString() == "/donate/receipt/{token}");
        var all = captured.ToString();
        Assert.DoesNotContain("hidden-query", all, StringComparison.Ordinal);
        Assert.DoesNotContain(token, all, StringComparison.Ordinal);
    }
}

/// <summary>Tests that redirect the process's console run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCapture
{
    public const string Name = "console capture";
}
