using StudioSandbox.Admin;
using StudioSandbox.Aws;
using StudioSandbox.Jupyter;

namespace StudioSandbox.Studio;

/// <summary>All apps of the sandbox's domain, by key. Deleted apps stay visible until created again.</summary>
internal sealed class StudioApps(
    SandboxOptions options,
    Faults faults,
    JupyterPool pool,
    TimeProvider time,
    ILogger<StudioApps> logger)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<AppKey, AppRuntime> _apps = [];

    public string Arn(AppKey key) =>
        $"arn:aws:sagemaker:{options.Region}:{options.AccountId}:app/{options.DomainId}/{key.OwnerName}/{key.AppType}/{key.AppName}";

    /// <summary>Registers the app as Pending and starts it in the background.</summary>
    public StudioApp Create(AppKey key, AppOwner owner)
    {
        AppRuntime runtime;
        lock (_lock)
        {
            if (_apps.TryGetValue(key, out var existing) && existing.App.Status != AppStatus.Deleted)
            {
                throw AwsApiException.InUse($"App {Arn(key)} already exists");
            }

            runtime = new AppRuntime(new StudioApp(key, Arn(key), time.GetUtcNow()), owner, options, faults, pool, time, logger);
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

    /// <summary>True when the owner has an app that is not Deleted (a space with one cannot be deleted).</summary>
    public bool AnyNotDeleted(AppOwnerKind ownerKind, string ownerName)
    {
        lock (_lock)
        {
            return _apps.Values.Any(r => r.App.Key.OwnerKind == ownerKind && r.App.Key.OwnerName == ownerName && r.App.Status != AppStatus.Deleted);
        }
    }

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
