using StudioSandbox.Admin;
using StudioSandbox.Jupyter;

namespace StudioSandbox.Studio;

/// <summary>
/// Drives one app through its lifecycle: Pending → InService (or Failed), restarts, Deleting → Deleted.
/// Transitions run one at a time; a JupyterServer or JupyterLab app owns its user's or space's Jupyter server, or in
/// the pool mode borrows one of the <see cref="JupyterPool"/>'s.
/// </summary>
internal sealed class AppRuntime(
    StudioApp app,
    AppOwner owner,
    SandboxOptions options,
    Faults faults,
    JupyterPool pool,
    TimeProvider time,
    ILogger logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _lifetime = new();
    private JupyterServerProcess? _server;

    public StudioApp App { get; } = app;

    /// <summary>The app's Jupyter server, only while the app is InService.</summary>
    public JupyterServerProcess? ServerInService => App.Status == AppStatus.InService ? Volatile.Read(ref _server) : null;

    public void BeginStart() => _ = RunExclusiveAsync(StartAsync, _lifetime.Token);

    /// <summary>Like Studio's restart-jupyter-server: the server and its terminals go, the app passes through Pending again.</summary>
    public void BeginRestart() => _ = RunExclusiveAsync(
        async cancellationToken =>
        {
            App.MarkPending();
            await StopServerAsync(includeDetached: false, cancellationToken);
            await StartAsync(cancellationToken);
        },
        _lifetime.Token);

    public void BeginDelete()
    {
        App.MarkDeleting();
        _lifetime.Cancel();
        _ = RunExclusiveAsync(
            async cancellationToken =>
            {
                await StopServerAsync(includeDetached: true, cancellationToken);
                App.MarkDeleted();
            },
            CancellationToken.None);
    }

    /// <summary>Stops everything this app started (sandbox shutdown). The app record stays as it is.</summary>
    public async Task ShutdownAsync(CancellationToken cancellationToken)
    {
        await _lifetime.CancelAsync();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await StopServerAsync(includeDetached: true, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = faults.Current;
        var began = time.GetUtcNow();
        var pending = TimeSpan.FromSeconds(settings.PendingSecondsMax is { } most
            ? settings.PendingSeconds + (Random.Shared.NextDouble() * (most - settings.PendingSeconds))
            : settings.PendingSeconds);
        if (settings.StartFailure is { } reason)
        {
            await Task.Delay(pending, time, cancellationToken);
            App.MarkFailed(reason);
            logger.LogInformation("App {App} failed to start as the startFailure fault asks", App.Key);
            return;
        }

        if (JupyterAppKind.Of(App.Key.AppType) is { } kind)
        {
            try
            {
                if (pool.Enabled)
                {
                    Volatile.Write(ref _server, await pool.AssignAsync(kind, cancellationToken));
                }
                else
                {
                    var server = JupyterServerProcess.Start(owner, kind.BasePath, options);
                    Volatile.Write(ref _server, server);
                    await server.WaitUntilAnsweringAsync(TimeSpan.FromSeconds(options.JupyterStartTimeoutSeconds), cancellationToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                App.MarkFailed($"Jupyter server failed to start: {e.Message}");
                logger.LogWarning(e, "App {App}: Jupyter server failed to start", App.Key);
                return;
            }
        }

        var remaining = pending - (time.GetUtcNow() - began);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, time, cancellationToken);
        }

        if (settings.NeverReady)
        {
            logger.LogInformation("App {App} stays Pending as the neverReady fault asks", App.Key);
            return;
        }

        App.MarkInService(time.GetUtcNow());
        logger.LogInformation("App {App} is InService", App.Key);
        if (_server is { } started)
        {
            _ = WatchForCrashAsync(started);
        }
    }

    private async Task WatchForCrashAsync(JupyterServerProcess server)
    {
        await server.Exited;
        if (!server.StopRequested && ReferenceEquals(Volatile.Read(ref _server), server))
        {
            App.MarkFailed($"Jupyter server exited unexpectedly with code {server.ExitCode}");
            logger.LogWarning("App {App}: Jupyter server exited unexpectedly with code {Code}", App.Key, server.ExitCode);
        }
    }

    private async Task StopServerAsync(bool includeDetached, CancellationToken cancellationToken)
    {
        var server = Interlocked.Exchange(ref _server, null);
        if (server is null || pool.Enabled)
        {
            // A pooled server serves other apps too: the pool stops it with the sandbox.
            return;
        }

        try
        {
            await server.StopAsync(includeDetached, cancellationToken);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private async Task RunExclusiveAsync(Func<CancellationToken, Task> transition, CancellationToken cancellationToken)
    {
        try
        {
            await _gate.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            await transition(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Deleted or shut down while changing state: the next transition takes over.
        }
        catch (Exception e)
        {
            App.MarkFailed($"Sandbox error: {e.Message}");
            logger.LogError(e, "App {App}: lifecycle step failed", App.Key);
        }
        finally
        {
            _gate.Release();
        }
    }
}
