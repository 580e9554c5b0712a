using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using StudioSandbox;
using StudioSandbox.Studio;

namespace AutoInstaller.Tests.Sandbox;

/// <summary>
/// Start-up and shutdown of the sandbox leave no Jupyter server, terminal or detached process behind, of user
/// profiles or of spaces; the space listener is where it is asked to be.
/// </summary>
public sealed class SandboxLifetimeTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "sbx-" + Guid.NewGuid().ToString("N")[..12]);

    [Fact]
    public async Task TheProgramAnnouncesReadinessAndSigtermStopsEverythingItStarted()
    {
        await using var sandbox = await SandboxProcess.StartAsync(_root, StartTimeout);
        Assert.Equal("127.0.0.2", sandbox.SpaceOrigin.Host);
        using var api = new SageMakerTestClient(sandbox.Origin, SandboxHost.Region, SandboxHost.AccessKeyId, SandboxHost.SecretAccessKey);
        await api.CreateReadyUserAsync("alice");
        await api.CreateReadyUserAsync("bob");
        await api.CreateReadySpaceAsync("lab", "erin");
        var detached = await StartDetachedSleepAsync(sandbox, api, "alice");
        var detachedInSpace = await StartDetachedSleepInSpaceAsync(sandbox, api, "lab", "erin");
        Assert.NotEmpty(SandboxProcesses.OfSpace(_root, "lab"));
        Assert.True(SandboxProcesses.Of(_root).Count >= 5, "expected three servers and two detached processes");
        var (holders, inOwnNamespace) = SandboxProcesses.MountsOf(_root);
        using (var spaceAdmin = new SandboxAdminClient(sandbox.Origin))
        {
            Assert.Contains((await spaceAdmin.GetSpaceJupyterProcessIdAsync("lab"))!.Value, holders);
        }

        Assert.Contains(detachedInSpace, holders);
        Assert.False(inOwnNamespace, "the JupyterLab root's mounts must stay in the servers' own mount namespaces");
        using var admin = new SandboxAdminClient(sandbox.Origin);
        var issued = await admin.GetIssuedSecretsAsync();

        Assert.Equal(0, await sandbox.TerminateAsync(TimeSpan.FromSeconds(30)));
        Assert.Empty(SandboxProcesses.Of(_root));
        Assert.False(SandboxProcesses.IsAlive(detached));
        Assert.False(SandboxProcesses.IsAlive(detachedInSpace));
        Assert.Empty(SandboxProcesses.MountsOf(_root).Holders);

        var output = await sandbox.OutputAsync();
        Assert.Contains("alice/JupyterServer/default is InService", output);
        Assert.Contains("lab/JupyterLab/default is InService", output);
        Assert.NotEmpty(issued.XsrfTokens);
        Assert.NotEmpty(issued.JupyterIdentityCookies);
        Assert.All(issued.All, secret => Assert.DoesNotContain(secret, output));
    }

    [Fact]
    public async Task AfterAHardKillServersStopThemselvesAndTheNextStartSweepsTheRest()
    {
        int detached;
        int detachedInSpace;
        await using (var killed = await SandboxProcess.StartAsync(_root, StartTimeout))
        {
            using var api = new SageMakerTestClient(killed.Origin, SandboxHost.Region, SandboxHost.AccessKeyId, SandboxHost.SecretAccessKey);
            await api.CreateReadyUserAsync("carol");
            await api.CreateReadySpaceAsync("carols-lab", "frank");
            detached = await StartDetachedSleepAsync(killed, api, "carol");
            detachedInSpace = await StartDetachedSleepInSpaceAsync(killed, api, "carols-lab", "frank");
            await killed.KillHardAsync();
        }

        var left = await SandboxProcesses.WaitUntilNoneOtherThanAsync(_root, [detached, detachedInSpace], TimeSpan.FromSeconds(15));
        Assert.Equal([detached, detachedInSpace], left.Order());

        await using var next = await SandboxProcess.StartAsync(_root, StartTimeout);
        Assert.False(SandboxProcesses.IsAlive(detached), "the start-up sweep left the detached process of the killed sandbox");
        Assert.False(SandboxProcesses.IsAlive(detachedInSpace), "the start-up sweep left the detached process of the killed sandbox's space");
        Assert.Equal(0, await next.TerminateAsync(TimeSpan.FromSeconds(30)));
        Assert.Empty(SandboxProcesses.Of(_root));
        Assert.Empty(SandboxProcesses.MountsOf(_root).Holders);
    }

    [Fact]
    public async Task DisposingTheInProcessHostStopsEverythingItStarted()
    {
        string root;
        await using (var host = await SandboxHost.StartAsync())
        {
            root = host.Root;
            await host.SageMaker.CreateReadyUserAsync("dave");
            await host.SageMaker.CreateReadySpaceAsync("daves-lab", "dave-2");
            Assert.NotEmpty(SandboxProcesses.Of(root, "dave"));
            Assert.NotEmpty(SandboxProcesses.OfSpace(root, "daves-lab"));
        }

        Assert.Empty(SandboxProcesses.Of(root));
        Assert.Empty(SandboxProcesses.MountsOf(root).Holders);
        Assert.False(Directory.Exists(root));
    }

    [Fact]
    public async Task TheSpaceListenerTakesTheAddressItIsGivenButNotTheDomainsOwn()
    {
        var clash = Assert.Throws<SandboxOptionsException>(() => Build("--space-url", "http://127.0.0.1:0"));
        Assert.Contains("another address than the domain's listener", clash.Message);
        Assert.Throws<SandboxOptionsException>(() => Build("--space-url", "http://0.0.0.0:0"));
        Assert.Throws<SandboxOptionsException>(() => Build("--space-url", "https://127.0.0.2:0"));

        await using var app = Build("--space-url", "http://127.0.0.3:0");
        await app.StartAsync();
        var domain = new Uri(app.Services.GetRequiredService<StudioOrigin>().Value);
        var space = new Uri(app.Services.GetRequiredService<SpaceOrigin>().Value);
        Assert.Equal("127.0.0.1", domain.Host);
        Assert.Equal("127.0.0.3", space.Host);
        using var http = new HttpClient();
        using (var onDomain = await http.GetAsync(new Uri(domain, "/_sandbox/faults")))
        {
            Assert.Equal(HttpStatusCode.OK, onDomain.StatusCode);
        }

        using (var onSpace = await http.GetAsync(new Uri(space, "/_sandbox/faults")))
        {
            Assert.Equal(HttpStatusCode.NotFound, onSpace.StatusCode);
        }

        await app.StopAsync();
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void TheSandboxNeedsACompleteJupyterLabRootAndADomainDefaultLandingItKnows()
    {
        var incomplete = Directory.CreateTempSubdirectory("jl-root-").FullName;
        try
        {
            var noStamp = Assert.Throws<SandboxOptionsException>(() => Build("--jupyterlab-root", incomplete));
            Assert.Contains("(no .complete stamp): run .ci/build-jupyterlab-root", noStamp.Message);
        }
        finally
        {
            Directory.Delete(incomplete);
        }

        var landing = Assert.Throws<SandboxOptionsException>(() => Build("--default-landing-uri", "app:JupyterLab:"));
        Assert.Contains("must be one of studio::, app:JupyterServer:", landing.Message);
    }

    private WebApplication Build(params string[] more) =>
        SandboxApplication.Build(["--urls", "http://127.0.0.1:0", "--root", _root, "--Logging:LogLevel:Default", "Warning", .. more]);

    /// <summary>Logs in to the space and starts <c>setsid nohup sleep</c> from a terminal of its JupyterLab; returns its pid.</summary>
    private static async Task<int> StartDetachedSleepInSpaceAsync(SandboxProcess sandbox, SageMakerTestClient api, string space, string owner)
    {
        using var browser = StudioBrowser.ForSpace(sandbox.SpaceOrigin);
        using var login = await browser.LoginAsync(await api.CreatePresignedSpaceUrlAsync(owner, space));
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        await using var socket = await browser.ConnectTerminalAsync(await browser.CreateTerminalAsync());
        return await DetachedSleep.StartAsync(socket, Path.Combine(sandbox.Root, "spaces", space, "home"));
    }

    /// <summary>Logs in as the user and starts <c>setsid nohup sleep</c> from a terminal; returns its pid.</summary>
    private static async Task<int> StartDetachedSleepAsync(SandboxProcess sandbox, SageMakerTestClient api, string user)
    {
        using var browser = new StudioBrowser(sandbox.Origin);
        using var login = await browser.LoginAsync(await api.CreatePresignedDomainUrlAsync(user));
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        await using var socket = await browser.ConnectTerminalAsync(await browser.CreateTerminalAsync());
        return await DetachedSleep.StartAsync(socket, Path.Combine(sandbox.Root, "users", user, "home"));
    }
}
