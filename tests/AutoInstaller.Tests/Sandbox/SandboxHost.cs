using AutoInstaller.Tests.Reliability;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using StudioSandbox;
using StudioSandbox.Studio;

namespace AutoInstaller.Tests.Sandbox;

/// <summary>
/// A Studio sandbox running in the test process on a free loopback port (and its space listener on a free port of
/// 127.0.0.2), with its own temporary root. Disposing it reports the secrets it issued to <see cref="RunEvidence"/>,
/// stops every Jupyter server it started and deletes the root.
/// </summary>
public sealed class SandboxHost : IAsyncDisposable
{
    public const string DomainId = "d-sandbox00001";
    public const string Region = "us-east-1";
    public const string AccountId = "123456789012";
    public const string AccessKeyId = "AKIASANDBOXEXAMPLE01";
    public const string SecretAccessKey = "sandbox/secret/key/example/not/a/real/secret";

    private readonly WebApplication _app;

    private SandboxHost(WebApplication app, string root, Uri origin, Uri spaceOrigin)
    {
        _app = app;
        Root = root;
        Origin = origin;
        SpaceOrigin = spaceOrigin;
        Admin = new SandboxAdminClient(origin);
        SageMaker = new SageMakerTestClient(origin, Region, AccessKeyId, SecretAccessKey);
    }

    /// <summary>Where user homes, sockets and events live (short, so unix socket paths fit).</summary>
    public string Root { get; }

    public string EventsDirectory => Path.Combine(Root, "events");

    /// <summary>The sandbox's origin: SageMaker endpoint, Studio URL and admin API at once.</summary>
    public Uri Origin { get; }

    /// <summary>Where every space's JupyterLab is served (<c>/jupyterlab/default/</c>); a space session picks the space.</summary>
    public Uri SpaceOrigin { get; }

    public SandboxAdminClient Admin { get; }

    public SageMakerTestClient SageMaker { get; }

    /// <summary>Starts a sandbox; its log goes to the console at Warning, or at the level SANDBOX_LOG_LEVEL names.</summary>
    public static Task<SandboxHost> StartAsync(CancellationToken cancellationToken = default) => StartAsync([], cancellationToken);

    /// <summary>The same with more command-line options, e.g. <c>--jupyter-pool-size 1</c>.</summary>
    public static async Task<SandboxHost> StartAsync(IReadOnlyList<string> options, CancellationToken cancellationToken = default)
    {
        var root = Path.Combine(Path.GetTempPath(), "sbx-" + Guid.NewGuid().ToString("N")[..12]);
        var app = SandboxApplication.Build(
        [
            "--urls", "http://127.0.0.1:0",
            "--root", root,
            "--Logging:LogLevel:Default", Environment.GetEnvironmentVariable("SANDBOX_LOG_LEVEL") ?? "Warning",
            .. options,
        ]);
        try
        {
            await app.StartAsync(cancellationToken);
            var host = new SandboxHost(
                app,
                root,
                new Uri(app.Services.GetRequiredService<StudioOrigin>().Value),
                new Uri(app.Services.GetRequiredService<SpaceOrigin>().Value));
            RunEvidence.SandboxStarted(host.Origin);
            RunEvidence.Secret(RunEvidence.AwsSecretKey, SecretAccessKey);
            return host;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public string UserHome(string userProfileName) => Path.Combine(Root, "users", userProfileName, "home");

    public string SpaceHome(string spaceName) => Path.Combine(Root, "spaces", spaceName, "home");

    public async ValueTask DisposeAsync()
    {
        try
        {
            RunEvidence.SandboxIssued(Origin, await Admin.GetIssuedSecretsAsync());
        }
        finally
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            Admin.Dispose();
            SageMaker.Dispose();
            Directory.Delete(Root, recursive: true);
        }
    }
}
