using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using StudioSandbox.Studio;

namespace StudioSandbox.Jupyter;

/// <summary>
/// The real Jupyter server of a user profile or a space, in a session of its own, listening only on a mode-0600 unix
/// socket under the owner's directory, with the owner's home as HOME and root_dir. A user profile's (Studio Classic)
/// is the host's <c>jupyter-server</c> (Debian 12: 1.23); a space's is JupyterLab 4 on jupyter_server 2.x from the
/// Debian 13 root (<see cref="JupyterLabRoot"/>), started as SageMaker Distribution starts it.
/// </summary>
internal sealed class JupyterServerProcess : IAsyncDisposable
{
    /// <summary>
    /// The owner's directory (<c>ROOT/users/NAME/</c>, <c>ROOT/spaces/NAME/</c>), set in the server's environment and
    /// so inherited by terminals and everything they start: how the sandbox finds what an app started.
    /// </summary>
    public const string AppDirectoryVariable = "SANDBOX_APP_DIR";

    private const int MaxUnixSocketPath = 107;

    private readonly Process _process;
    private readonly StreamWriter _log;
    private int _stopping;

    private JupyterServerProcess(AppOwner owner, string basePath, Process process, StreamWriter log)
    {
        Owner = owner;
        BasePath = basePath;
        _process = process;
        _log = log;
        Invoker = new HttpMessageInvoker(UnixSocketHandler(owner.JupyterSocket));
        var exited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.Exited += (_, _) => exited.TrySetResult();
        Exited = exited.Task;
        if (process.HasExited)
        {
            exited.TrySetResult();
        }
    }

    public AppOwner Owner { get; }

    /// <summary>Jupyter's <c>base_url</c>: <c>/jupyter/default/</c> or <c>/jupyterlab/default/</c>.</summary>
    public string BasePath { get; }

    public int ProcessId => _process.Id;

    /// <summary>HTTP (and websocket upgrades) to this server over its unix socket.</summary>
    public HttpMessageInvoker Invoker { get; }

    public Task Exited { get; }

    /// <summary>True once <see cref="StopAsync"/> was called, so an exit is not a crash.</summary>
    public bool StopRequested => Volatile.Read(ref _stopping) == 1;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public static JupyterServerProcess Start(AppOwner owner, string basePath, SandboxOptions options)
    {
        if (Encoding.UTF8.GetByteCount(owner.JupyterSocket) > MaxUnixSocketPath)
        {
            throw new InvalidOperationException($"Unix socket path '{owner.JupyterSocket}' is longer than {MaxUnixSocketPath} bytes: use a shorter --root");
        }

        File.Delete(owner.JupyterSocket);
        Directory.CreateDirectory(owner.Home);
        var inRoot = owner.Kind == AppOwnerKind.Space;
        File.WriteAllText(ConfigFile(owner), inRoot ? OrphanWatchConfig + SageMakerDistributionConfig : OrphanWatchConfig);
        var start = new ProcessStartInfo("/usr/bin/setsid")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = owner.Home,
        };
        var command = inRoot
            ? JupyterLabRoot.Command(options.JupyterLabRoot, options.Root, JupyterLabArguments(owner, basePath))
            : ClassicArguments(owner, basePath, options);
        foreach (var argument in command)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["HOME"] = owner.Home;
        start.Environment["SHELL"] = "/bin/bash";
        start.Environment["PATH"] = $"{options.BinDirectory}:{(inRoot ? JupyterLabRoot.Path : Environment.GetEnvironmentVariable("PATH"))}";
        start.Environment["PYTHONUNBUFFERED"] = "1";
        start.Environment[owner.Kind == AppOwnerKind.Space ? "SANDBOX_SPACE_NAME" : "SANDBOX_USER_PROFILE"] = owner.Name;
        start.Environment["SANDBOX_EXECUTION_LOG"] = owner.ExecutionLog;
        start.Environment[AppDirectoryVariable] = owner.Directory + "/";

        var log = new StreamWriter(owner.JupyterLog, append: true) { AutoFlush = true };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => WriteLog(log, e.Data);
        process.ErrorDataReceived += (_, e) => WriteLog(log, e.Data);
        try
        {
            process.Start();
        }
        catch
        {
            log.Dispose();
            process.Dispose();
            throw;
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new JupyterServerProcess(owner, basePath, process, log);
    }

    /// <summary>Polls <c>api/status</c> over the socket until it answers 200.</summary>
    public async Task WaitUntilAnsweringAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Jupyter server exited with code {_process.ExitCode} while starting: {LogTail()}");
            }

            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"http://jupyter{BasePath}api/status");
                using var response = await Invoker.SendAsync(request, deadline.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Jupyter server did not answer within {timeout.TotalSeconds:0} s: {LogTail()}");
            }

            await Task.Delay(100, deadline.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>
    /// Stops the server and its terminals (SIGTERM, then SIGKILL after a grace period). With
    /// <paramref name="includeDetached"/>, also everything else started from this server
    /// (found by the environment variable it inherited), as deleting a Studio app does.
    /// </summary>
    public async Task StopAsync(bool includeDetached, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _stopping, 1);
        var table = ProcessTable.Read();
        var targets = table.ServerAndTerminals(ProcessId).ToHashSet();
        if (includeDetached)
        {
            targets.UnionWith(table.WithEnvironment(AppDirectoryVariable, Owner.Directory + "/"));
        }

        ProcessTable.Terminate(ProcessId);
        await ProcessTable.WaitForExitAsync([ProcessId], TimeSpan.FromSeconds(2), cancellationToken);
        foreach (var pid in targets)
        {
            ProcessTable.Kill(pid);
        }

        if (!await ProcessTable.WaitForExitAsync(targets, TimeSpan.FromSeconds(5), cancellationToken))
        {
            throw new InvalidOperationException($"Processes of {Owner} still alive after SIGKILL: {string.Join(',', targets.Where(ProcessTable.IsAlive))}");
        }

        await Exited.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await StopAsync(includeDetached: false, CancellationToken.None);
        }

        Invoker.Dispose();
        _process.Dispose();
        await _log.DisposeAsync();
    }

    private string LogTail()
    {
        try
        {
            using var stream = new FileStream(Owner.JupyterLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return string.Join(" | ", lines.TakeLast(3));
        }
        catch (IOException e)
        {
            return $"(log {Owner.JupyterLog} unreadable: {e.Message})";
        }
    }

    /// <summary>
    /// SageMaker Distribution's <c>start-jupyter-server</c>: <c>jupyter lab --ServerApp.base_url=/jupyterlab/default
    /// --ServerApp.token='' --ServerApp.allow_origin='*'</c>, on the owner's socket instead of <c>--ip 0.0.0.0 --port 8888</c>.
    /// </summary>
    private static IEnumerable<string> JupyterLabArguments(AppOwner owner, string basePath)
    {
        yield return "/usr/bin/jupyter-lab";
        foreach (var argument in SocketArguments(owner))
        {
            yield return argument;
        }

        yield return $"--ServerApp.base_url={basePath}";
        yield return "--ServerApp.token=";
        yield return "--ServerApp.allow_origin=*";
        yield return $"--ServerApp.root_dir={owner.Home}";
        yield return "--ServerApp.terminals_enabled=True";

        // Requests come over the socket with the space origin's Host (127.0.0.2:PORT); Jupyter's XSRF check stays on.
        yield return "--ServerApp.allow_remote_access=True";
    }

    /// <summary>What both generations are started with: the owner's config, no browser, the owner's socket only.</summary>
    private static IEnumerable<string> SocketArguments(AppOwner owner)
    {
        yield return $"--config={ConfigFile(owner)}";
        yield return "--no-browser";
        if (Environment.IsPrivilegedProcess)
        {
            yield return "--allow-root";
        }

        yield return $"--sock={owner.JupyterSocket}";
        yield return "--sock-mode=0600";
    }

    private static IEnumerable<string> ClassicArguments(AppOwner owner, string basePath, SandboxOptions options)
    {
        yield return options.JupyterServer;
        foreach (var argument in SocketArguments(owner))
        {
            yield return argument;
        }

        yield return "--ServerApp.token=";
        yield return "--ServerApp.password=";
        yield return $"--ServerApp.base_url={basePath}";
        yield return $"--ServerApp.root_dir={owner.Home}";
        yield return "--ServerApp.terminals_enabled=True";

        // The sandbox decides who reaches the socket; Jupyter's own Origin and XSRF checks stay on.
        yield return "--ServerApp.allow_remote_access=True";
    }

    private static string ConfigFile(AppOwner owner) => Path.Combine(owner.Directory, "jupyter_server_config.py");

    /// <summary>
    /// Jupyter configuration that stops the server once its parent, the sandbox, is gone (killed hard, so it
    /// could not clean up): no server outlives its sandbox for long. It also loads the user's
    /// <c>~/.jupyter/jupyter_server_config.json</c>, as a server started without <c>--config</c> would.
    /// </summary>
    private const string OrphanWatchConfig = """
        # Studio sandbox: stop this server when the sandbox that started it is gone.
        import os, signal, threading, time

        _sandbox_pid = os.getppid()

        def _stop_when_orphaned():
            while os.getppid() == _sandbox_pid:
                time.sleep(1)
            os.kill(os.getpid(), signal.SIGTERM)

        threading.Thread(target=_stop_when_orphaned, name="sandbox-watch", daemon=True).start()

        # Like Studio's server, read the user's own ~/.jupyter/jupyter_server_config.json, which --config
        # would otherwise keep Jupyter from loading.
        from traitlets.config.loader import JSONFileConfigLoader
        _user_config = os.path.join(os.path.expanduser("~"), ".jupyter")
        if os.path.exists(os.path.join(_user_config, "jupyter_server_config.json")):
            c.merge(JSONFileConfigLoader("jupyter_server_config.json", path=_user_config).load_config())

        """;

    /// <summary>SageMaker Distribution's <c>jupyter_server_config.py</c>: terminals run a plain, non-login <c>/bin/bash</c>.</summary>
    private const string SageMakerDistributionConfig = """
        # As SageMaker Distribution's jupyter_server_config.py.
        c.ServerApp.terminado_settings = {"shell_command": ["/bin/bash"]}
        c.ContentsManager.allow_hidden = True

        """;

    private static void WriteLog(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // The last lines of a server being disposed.
            }
        }
    }

    private static SocketsHttpHandler UnixSocketHandler(string socketPath) => new()
    {
        UseCookies = false,
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        ActivityHeadersPropagator = null,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
