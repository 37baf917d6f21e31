using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using AmericanBalintSociety.TestSupport;

namespace AmericanBalintSociety.IntegrationTests.Operations;

/// <summary>A program a test runs as a real process (the published site, nginx, redis-server…), its output kept.</summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private readonly Process _process;

    private ChildProcess(string file, string directory, IReadOnlyDictionary<string, string> environment, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>What it wrote to standard output and error so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public static ChildProcess Start(string file, string directory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        new(file, directory, environment, args);

    /// <summary>Runs to the end (at most three minutes); throws with its output unless it exits 0.</summary>
    public static async Task<string> RunAsync(string file, string directory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        await using var process = Start(file, directory, environment, args);
        await process._process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        if (process._process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process._process.ExitCode}: {process.Output}");
        }

        return process.Output;
    }

    /// <summary>Waits (at most 20 seconds) until something accepts connections on the loopback <paramref name="port"/>.</summary>
    public static Task WaitForPortAsync(int port, string because) =>
        Eventually.TrueAsync(async () =>
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(20), because);

    /// <summary>
    /// Waits, about 60 seconds at most (each attempt 10), until the site this process runs answers
    /// <paramref name="askLive"/> (its <c>/healthz/live</c>, asked as the test must ask it) with a success. Fails at once
    /// if the process exits first, and either way with its output as it is at that moment.
    /// </summary>
    public async Task WaitUntilLiveAsync(Func<Task<HttpResponseMessage>> askLive)
    {
        ArgumentNullException.ThrowIfNull(askLive);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (_process.HasExited)
            {
                try
                {
                    // Until its output is read to the end (the last lines say why), unless a child of its own holds it open.
                    await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
                }
                catch (TimeoutException)
                {
                    // report what has arrived
                }

                throw new InvalidOperationException($"It exited ({_process.ExitCode}) before it answered. Its output:\n{Output}");
            }

            try
            {
                using var response = await askLive().WaitAsync(TimeSpan.FromSeconds(10));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TimeoutException or OperationCanceledException)
            {
                // not listening yet, or not answering yet
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"It did not answer within 60 s. Its output:\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Asks it to stop (SIGTERM, as systemd and <c>docker stop</c> do) and waits, at most 30 seconds, until it has.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        try
        {
            await RunAsync("kill", ".", new Dictionary<string, string>(), "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (InvalidOperationException) when (_process.HasExited)
        {
            return; // it ended between the check and the signal
        }

        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException("It did not stop within 30 s of SIGTERM. Its output:\n" + Output, e);
        }
    }

    /// <summary>Its exit code, once it has exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Ends it (and its children) at once, as a crash or <c>kill -9</c> would.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
