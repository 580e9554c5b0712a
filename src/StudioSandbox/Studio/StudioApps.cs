using StudioSandbox.Admin;
using StudioSandbox.Aws;

namespace StudioSandbox.Studio;

/// <summary>All apps of the sandbox's domain, by key. Deleted apps stay visible until created again.</summary>
internal sealed class StudioApps(
    SandboxOptions options,
    Faults faults,
    TimeProvider time,
    ILogger<StudioApps> logger)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<AppKey, AppRuntime> _apps = [];

    public string Arn(AppKey key) =>
        $"arn:aws:sagemaker:{options.Region}:{options.AccountId}:app/{options.DomainId}/{key.UserProfileName}/{key.AppType}/{key.AppName}";

    /// <summary>Registers the app as Pending and starts it in the background.</summary>
    public StudioApp Create(AppKey key, UserProfile user)
    {
        AppRuntime runtime;
        lock (_lock)
        {
            if (_apps.TryGetValue(key, out var existing) && existing.App.Status != AppStatus.Deleted)
            {
                throw AwsApiException.InUse($"App {Arn(key)} already exists");
            }

            runtime = new AppRuntime(new StudioApp(key, Arn(key), time.GetUtcNow()), user, options, faults, time, logger);
            _apps[key] = runtime;
        }

        runtime.BeginStart();
        return runtime.App;
    }

    public bool TryGet(AppKey key, out AppRuntime runtime)
    {
        lock (_lock)
        {
            return _apps.TryGetValue(key, out runtime!);
        }
    }

    public IReadOnlyList<StudioApp> All()
    {
        lock (_lock)
        {
            return _apps.Values.Select(r => r.App).ToList();
        }
    }

    public void Delete(AppKey key)
    {
        lock (_lock)
        {
            if (!_apps.TryGetValue(key, out var runtime) || runtime.App.Status == AppStatus.Deleted)
            {
                throw AwsApiException.NotFound($"App {Arn(key)} does not exist");
            }

            if (runtime.App.Status == AppStatus.Deleting)
            {
                throw AwsApiException.InUse($"App {Arn(key)} is already being deleted");
            }

            runtime.BeginDelete();
        }
    }

    /// <summary>The user's JupyterServer app (Studio Classic has one, named <c>default</c>).</summary>
    public bool TryGetJupyterServer(string userProfileName, out AppRuntime runtime) =>
        TryGet(new AppKey(userProfileName, AppRuntime.JupyterServerType, "default"), out runtime);

    public async Task ShutdownAsync(CancellationToken cancellationToken)
    {
        List<AppRuntime> runtimes;
        lock (_lock)
        {
            runtimes = [.. _apps.Values];
        }

        await Task.WhenAll(runtimes.Select(r => r.ShutdownAsync(cancellationToken)));
    }
}
