using StudioSandbox.Studio;

namespace StudioSandbox.Jupyter;

/// <summary>
/// Makes sure no process started for this root outlives the sandbox: at start-up it ends leftovers of an earlier
/// run that was killed hard, at shutdown it stops every app's server, terminals and detached processes, of user
/// profiles and spaces alike, and the Jupyter pool's.
/// </summary>
internal sealed class JupyterJanitor(SandboxOptions options, StudioApps apps, JupyterPool pool, ILogger<JupyterJanitor> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken) => await SweepAsync("left from an earlier run", cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await apps.ShutdownAsync(cancellationToken);
        await pool.ShutdownAsync(cancellationToken);
        await SweepAsync("still running at shutdown", cancellationToken);
    }

    private async Task SweepAsync(string why, CancellationToken cancellationToken)
    {
        var leftovers = ProcessTable.Read()
            .WithEnvironment(JupyterServerProcess.AppDirectoryVariable, options.Root + "/")
            .Where(pid => pid != Environment.ProcessId)
            .ToList();
        if (leftovers.Count == 0)
        {
            return;
        }

        logger.LogWarning("Killing {Count} processes of {Root} {Why}: {Pids}", leftovers.Count, options.Root, why, string.Join(',', leftovers));
        foreach (var pid in leftovers)
        {
            ProcessTable.Kill(pid);
        }

        if (!await ProcessTable.WaitForExitAsync(leftovers, TimeSpan.FromSeconds(5), cancellationToken))
        {
            throw new InvalidOperationException($"Processes of {options.Root} survived SIGKILL: {string.Join(',', leftovers.Where(ProcessTable.IsAlive))}");
        }
    }
}
