using System.Net;

namespace AutoInstaller.Tests.Sandbox;

/// <summary>Start-up and shutdown of the sandbox leave no Jupyter server, terminal or detached process behind.</summary>
public sealed class SandboxLifetimeTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "sbx-" + Guid.NewGuid().ToString("N")[..12]);

    [Fact]
    public async Task TheProgramAnnouncesReadinessAndSigtermStopsEverythingItStarted()
    {
        await using var sandbox = await SandboxProcess.StartAsync(_root, StartTimeout);
        using var api = new SageMakerTestClient(sandbox.Origin, SandboxHost.Region, SandboxHost.AccessKeyId, SandboxHost.SecretAccessKey);
        await api.CreateReadyUserAsync("alice");
        await api.CreateReadyUserAsync("bob");
        var detached = await StartDetachedSleepAsync(sandbox, api, "alice");
        Assert.True(SandboxProcesses.Of(_root).Count >= 3, "expected two servers and a detached process");
        using var admin = new SandboxAdminClient(sandbox.Origin);
        var issued = await admin.GetIssuedSecretsAsync();

        Assert.Equal(0, await sandbox.TerminateAsync(TimeSpan.FromSeconds(30)));
        Assert.Empty(SandboxProcesses.Of(_root));
        Assert.False(SandboxProcesses.IsAlive(detached));

        var output = await sandbox.OutputAsync();
        Assert.Contains("alice/JupyterServer/default is InService", output);
        Assert.NotEmpty(issued.XsrfTokens);
        Assert.All(issued.All, secret => Assert.DoesNotContain(secret, output));
    }

    [Fact]
    public async Task AfterAHardKillServersStopThemselvesAndTheNextStartSweepsTheRest()
    {
        int detached;
        await using (var killed = await SandboxProcess.StartAsync(_root, StartTimeout))
        {
            using var api = new SageMakerTestClient(killed.Origin, SandboxHost.Region, SandboxHost.AccessKeyId, SandboxHost.SecretAccessKey);
            await api.CreateReadyUserAsync("carol");
            detached = await StartDetachedSleepAsync(killed, api, "carol");
            await killed.KillHardAsync();
        }

        var left = await SandboxProcesses.WaitUntilNoneOtherThanAsync(_root, [detached], TimeSpan.FromSeconds(15));
        Assert.Equal([detached], left);

        await using var next = await SandboxProcess.StartAsync(_root, StartTimeout);
        Assert.False(SandboxProcesses.IsAlive(detached), "the start-up sweep left the detached process of the killed sandbox");
        Assert.Equal(0, await next.TerminateAsync(TimeSpan.FromSeconds(30)));
        Assert.Empty(SandboxProcesses.Of(_root));
    }

    [Fact]
    public async Task DisposingTheInProcessHostStopsEverythingItStarted()
    {
        string root;
        await using (var host = await SandboxHost.StartAsync())
        {
            root = host.Root;
            await host.SageMaker.CreateReadyUserAsync("dave");
            Assert.NotEmpty(SandboxProcesses.Of(root));
        }

        Assert.Empty(SandboxProcesses.Of(root));
        Assert.False(Directory.Exists(root));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
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
