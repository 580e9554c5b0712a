using StudioSandbox.Studio;

namespace StudioSandbox.Jupyter;

/// <summary>
/// A simulation mode for load runs (<c>--jupyter-pool-size N</c>, N &gt; 0): instead of a server of its own, each
/// JupyterServer or JupyterLab app is served by one of N shared servers of its kind, assigned in turn as apps start.
/// A member starts with the first app assigned to it and runs until the sandbox stops; deleting or restarting an app
/// leaves it running. Real Studio gives every app its own instance: sharing is only sound for runs that tell their
/// setups apart by run id (each run has its own directory in the shared home). Thread-safe.
/// </summary>
internal sealed class JupyterPool(SandboxOptions options, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Task<JupyterServerProcess>?[]> _members = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _assigned = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _lifetime = new();

    public bool Enabled => options.JupyterPoolSize > 0;

    /// <summary>The next member of the kind's pool, once it answers (started for the first app assigned to it).</summary>
    public Task<JupyterServerProcess> AssignAsync(JupyterAppKind kind, CancellationToken cancellationToken)
    {
        Task<JupyterServerProcess> member;
        lock (_lock)
        {
            if (!_members.TryGetValue(kind.AppType, out var members))
            {
                members = _members[kind.AppType] = new Task<JupyterServerProcess>?[options.JupyterPoolSize];
            }

            var index = _assigned[kind.AppType] = (_assigned.GetValueOrDefault(kind.AppType, -1) + 1) % members.Length;
            member = members[index] ??= StartAsync(new PoolMember(kind, index, options.PoolDirectory, time.GetUtcNow()));
        }

        return member.WaitAsync(cancellationToken);
    }

    /// <summary>The members started so far, with their servers (null while one starts or after it failed to).</summary>
    public IReadOnlyList<JupyterServerProcess> Started()
    {
        lock (_lock)
        {
            return [.. _members.Values.SelectMany(m => m).Where(t => t is { IsCompletedSuccessfully: true }).Select(t => t!.Result)];
        }
    }

    /// <summary>Stops every member, its terminals and what was started from it.</summary>
    public async Task ShutdownAsync(CancellationToken cancellationToken)
    {
        await _lifetime.CancelAsync();
        foreach (var server in Started())
        {
            await server.StopAsync(includeDetached: true, cancellationToken);
            await server.DisposeAsync();
        }
    }

    private async Task<JupyterServerProcess> StartAsync(PoolMember member)
    {
        HomeDirectory.Prepare(member.Home, options);
        var server = JupyterServerProcess.Start(member, member.AppKind.BasePath, options);
        await server.WaitUntilAnsweringAsync(TimeSpan.FromSeconds(options.JupyterStartTimeoutSeconds), _lifetime.Token);
        return server;
    }
}
