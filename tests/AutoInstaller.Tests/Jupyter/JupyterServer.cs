using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using AutoInstaller.Tests.Reliability;

namespace AutoInstaller.Tests.Jupyter;

/// <summary>How a test Jupyter server authenticates its clients.</summary>
public enum JupyterServerAuth
{
    /// <summary>A random token; requests carry <c>Authorization: token ...</c>.</summary>
    Token,

    /// <summary>No token and no password (loopback only): any cookie session is let in, XSRF and Origin checks stay on.</summary>
    Cookies,

    /// <summary>No token, a random password: a cookie session must log in through <c>login</c> first.</summary>
    Password,
}

/// <summary>
/// A real <c>jupyter-server</c> on 127.0.0.1 with a free port, its own root directory and HOME, terminals on and
/// <c>SHELL=/bin/bash</c>. Every process it starts carries a marker variable, so disposing it can kill the
/// whole tree, shells orphaned by a killed server included, before removing its directory.
/// </summary>
public sealed class JupyterServer : IAsyncDisposable
{
    private const string MarkerVariable = "AUTO_INSTALLER_TEST_JUPYTER";
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly string directory;
    private readonly string? osRoot;
    private readonly string marker;

    private JupyterServer(Process process, string directory, string? osRoot, string marker, Uri baseUri, string? token, string? password)
    {
        this.process = process;
        this.osRoot = osRoot;
        this.directory = directory;
        this.marker = marker;
        BaseUri = baseUri;
        Token = token;
        Password = password;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The server's base URI, ending in <c>/</c>, e.g. <c>http://127.0.0.1:PORT/jupyter/default/</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>The token in token mode; null otherwise.</summary>
    public string? Token { get; }

    /// <summary>The password in password mode; null otherwise.</summary>
    public string? Password { get; }

    /// <summary>The server's own log (stdout and stderr), for failure messages.</summary>
    public string Output { get { lock (output) { return output.ToString(); } } }

    /// <summary>
    /// The Debian 13 root with jupyter_server 2.15 (new Studio's generation) that <c>.ci/build-jupyterlab-root</c> builds;
    /// complete when it holds a <c>.complete</c> stamp.
    /// </summary>
    public static string Trixie => System.Environment.GetEnvironmentVariable("AUTO_INSTALLER_JUPYTERLAB_ROOT") ?? "/var/cache/studio-auto-installer/trixie";

    /// <summary>
    /// Starts a server and waits until <c>api/status</c> answers. With <paramref name="osRoot"/> (e.g. <see cref="Trixie"/>)
    /// the server is that root's jupyter-server, started as the sandbox starts the root's servers
    /// (<see cref="StudioSandbox.Jupyter.JupyterLabRoot"/>), with the server's temporary directory bound at its own path.
    /// </summary>
    public static async Task<JupyterServer> StartAsync(JupyterServerAuth auth, string baseUrl = "/", string? osRoot = null)
    {
        var marker = Guid.NewGuid().ToString("N");
        var directory = Directory.CreateTempSubdirectory("jupyter-test-").FullName;
        var root = Directory.CreateDirectory(Path.Combine(directory, "root")).FullName;
        var home = Directory.CreateDirectory(Path.Combine(directory, "home")).FullName;
        var port = FreePort();
        var token = auth == JupyterServerAuth.Token ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)) : null;
        var password = auth == JupyterServerAuth.Password ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)) : null;
        RunEvidence.Secret(RunEvidence.JupyterToken, token);
        RunEvidence.Secret(RunEvidence.JupyterToken, password);

        if (osRoot is not null && !File.Exists(Path.Combine(osRoot, ".complete")))
        {
            throw new InvalidOperationException($"{osRoot} is not a complete jupyter_server 2 root: run .ci/build-jupyterlab-root (make deps does)");
        }

        string[] arguments =
        [
            "/usr/bin/jupyter-server",
            "--allow-root",
            "--ServerApp.ip=127.0.0.1",
            $"--ServerApp.port={port.ToString(CultureInfo.InvariantCulture)}",
            "--ServerApp.port_retries=0",
            "--ServerApp.open_browser=False",
            "--ServerApp.terminals_enabled=True",
            $"--ServerApp.root_dir={root}",
            $"--ServerApp.base_url={baseUrl}",
            $"--ServerApp.token={token}",
            $"--ServerApp.password={(password is null ? string.Empty : HashedPassword(password))}",
        ];
        var command = osRoot is null ? arguments : StudioSandbox.Jupyter.JupyterLabRoot.Command(osRoot, directory, arguments).ToArray();
        var start = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command[1..])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin";
        start.Environment["HOME"] = home;
        start.Environment["SHELL"] = "/bin/bash";
        start.Environment["LANG"] = "C.UTF-8";
        start.Environment["JUPYTER_CONFIG_DIR"] = Path.Combine(home, ".jupyter");
        start.Environment["JUPYTER_DATA_DIR"] = Path.Combine(home, ".local", "share", "jupyter");
        start.Environment["JUPYTER_RUNTIME_DIR"] = Path.Combine(home, ".local", "share", "jupyter", "runtime");
        start.Environment[MarkerVariable] = marker;

        var process = Process.Start(start) ?? throw new InvalidOperationException("jupyter-server did not start");
        var server = new JupyterServer(process, directory, osRoot, marker, new Uri($"http://127.0.0.1:{port}{baseUrl}"), token, password);
        try
        {
            await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Kills the server process alone (SIGKILL), as a crash would; its shells are left to die or linger.</summary>
    public void KillServerProcess()
    {
        process.Kill(entireProcessTree: false);
        process.WaitForExit();
    }

    /// <summary>Process ids of everything this server started that is still alive (the server included).</summary>
    public IReadOnlyList<int> LiveProcesses() => MarkedProcesses(marker);

    /// <summary>Kills every process of the server, removes its directory and checks that nothing it started is left.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        foreach (var pid in MarkedProcesses(marker))
        {
            try
            {
                using var stray = Process.GetProcessById(pid);
                stray.Kill();
                await stray.WaitForExitAsync();
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
            catch (InvalidOperationException)
            {
                // Exited between the scan and the kill.
            }
        }

        Directory.Delete(directory, recursive: true);
        if (osRoot is not null && Directory.Exists(osRoot + directory))
        {
            Directory.Delete(osRoot + directory);
        }

        if (MarkedProcesses(marker) is { Count: > 0 } left)
        {
            throw new InvalidOperationException($"jupyter-server left processes behind: {string.Join(", ", left)}");
        }
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"jupyter-server exited with {process.ExitCode}:\n{Output}");
            }

            try
            {
                // A password-protected server answers api/status only after a login; its login page answers at once.
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseUri, Password is null ? "api/status" : "login"));
                if (Token is not null)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("token", Token);
                }

                using var response = await http.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"jupyter-server did not answer api/status within {timeout}:\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Jupyter's salted <c>sha1:SALT:HEX</c> form of a password (<c>jupyter_server.auth.security.passwd_check</c> reads it).</summary>
    private static string HashedPassword(string password)
    {
        var salt = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        return $"sha1:{salt}:{Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(password + salt)))}";
    }

    private static int FreePort()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }

    private static List<int> MarkedProcesses(string marker)
    {
        var needle = Encoding.UTF8.GetBytes($"{MarkerVariable}={marker}\0");
        var found = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                if (File.ReadAllBytes(Path.Combine(entry, "environ")).AsSpan().IndexOf(needle) >= 0)
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours.
            }
        }

        return found;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
