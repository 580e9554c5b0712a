using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AutoInstaller.Tests.Recipes;

/// <summary>
/// JupyterLab 4 on jupyter_server 2.x, new Studio's generation, started from the Debian 13 root that
/// <c>.ci/build-jupyterlab-root</c> builds: in a private mount namespace (its own <c>/proc</c> and <c>/dev</c>, the home
/// bound at the same path), chrooted, as SageMaker Distribution starts it (<c>base_url</c> <c>/jupyterlab/default/</c>,
/// no token, any origin), on a loopback port. Its runtime files (<c>jpserver-PID.json</c>) are in the home, so programs
/// outside the root find it as they would inside the app.
/// </summary>
internal sealed class JupyterLabFourServer : IAsyncDisposable
{
    public const string RootDirectory = "/var/cache/studio-auto-installer/trixie";
    public const string BaseUrl = "/jupyterlab/default/";

    private static readonly object LogLock = new();

    private Process? _process;

    private JupyterLabFourServer(string home) => Home = home;

    public string Home { get; }

    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("not started");

    public static async Task<JupyterLabFourServer> StartAsync(string home)
    {
        Assert.True(File.Exists(Path.Combine(RootDirectory, ".complete")), $"{RootDirectory} is not built: .ci/build-jupyterlab-root builds it (.ci/install-deps test runs it)");
        var server = new JupyterLabFourServer(home);
        await server.StartAsync();
        return server;
    }

    /// <summary>Stops the server (as a restart does: its processes go, the home stays) and starts a new one.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    /// <summary>Stops the server; its mounts went with its namespace, and the mount point made in the root goes too.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        var mountPoint = RootDirectory + Home;
        if (Directory.Exists(mountPoint) && !Directory.EnumerateFileSystemEntries(mountPoint).Any())
        {
            Directory.Delete(mountPoint);
        }
    }

    private async Task StartAsync()
    {
        var port = FreePort();
        var script = $"""
            set -e
            R={RootDirectory}
            mount -t proc proc "$R/proc"
            mount --rbind /dev "$R/dev"
            mkdir -p "$R{Home}"
            mount --bind "{Home}" "$R{Home}"
            exec chroot "$R" env -i HOME="{Home}" PATH=/usr/bin:/bin LANG=C.UTF-8 SHELL=/bin/bash jupyter-lab --allow-root --no-browser --ip 127.0.0.1 --port {port} --ServerApp.base_url={BaseUrl} --ServerApp.token= --ServerApp.allow_origin=* --ServerApp.root_dir="{Home}"
            """;
        var start = new ProcessStartInfo("unshare", ["--mount", "--propagation", "private", "bash", "-c", script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("unshare did not start");
        var log = Path.Combine(Home, "jupyterlab4.log");
        _process.OutputDataReceived += (_, e) => Append(log, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        var runtime = Path.Combine(Home, ".local", "share", "jupyter", "runtime", $"jpserver-{_process.Id}.json");
        while (true)
        {
            Assert.False(_process.HasExited, $"JupyterLab 4 exited with {(_process.HasExited ? _process.ExitCode : 0)}: {(File.Exists(log) ? await File.ReadAllTextAsync(log) : "")}");
            try
            {
                using var response = await http.GetAsync($"http://127.0.0.1:{port}{BaseUrl}api/status");
                if (response.StatusCode == HttpStatusCode.OK && File.Exists(runtime))
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            Assert.True(DateTime.UtcNow < deadline, $"JupyterLab 4 did not answer on port {port} within 90 s");
            await Task.Delay(250);
        }
    }

    private async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            // As supervisord restarts it: SIGTERM, so the server shuts down and removes its runtime file.
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        _process?.Dispose();
        _process = null;
    }

    private static void Append(string log, string? line)
    {
        if (line is not null)
        {
            lock (LogLock)
            {
                File.AppendAllText(log, line + "\n");
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
