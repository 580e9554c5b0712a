using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using StudioSandbox.Admin;

namespace AutoInstaller.Tests.Sandbox;

/// <summary>The fault knobs and the admin API on a space's JupyterLab app, against real Jupyter servers.</summary>
public sealed class SandboxSpaceFaultTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private SandboxHost Host => fixture.Host;

    private SageMakerTestClient Api => Host.SageMaker;

    public Task InitializeAsync() => Host.Admin.ResetFaultsAsync();

    public Task DisposeAsync() => Host.Admin.ResetFaultsAsync();

    [Fact]
    public async Task PendingTimeLandsTheSpaceLoginOnTheLoadingPageOfTheSpaceOrigin()
    {
        await Host.Admin.SetFaultsAsync(new FaultSettings { PendingSeconds = 4 });
        await Api.CreateUserProfileAsync("slow-lab-owner");
        await Api.CreateSpaceAsync("slow-lab", "slow-lab-owner");
        var started = Stopwatch.StartNew();
        await Api.CreateJupyterLabAppAsync("slow-lab");
        Assert.Equal("Pending", await Api.GetJupyterLabStatusAsync("slow-lab"));

        using var browser = StudioBrowser.ForSpace(Host.SpaceOrigin);
        using (var landing = await browser.LoginAsync(await Api.CreatePresignedSpaceUrlAsync("slow-lab-owner", "slow-lab")))
        {
            Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
            Assert.Equal(new Uri(Host.SpaceOrigin, "/loading"), landing.RequestMessage!.RequestUri);
            Assert.Contains("appType=JupyterLab", await landing.Content.ReadAsStringAsync());
        }

        using (var status = await browser.GetAsync("/app?appType=JupyterLab&appName=default"))
        {
            Assert.Equal("Pending", await status.Content.ReadAsStringAsync());
        }

        using (var early = await browser.GetAsync("/jupyterlab/default/"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, early.StatusCode);
        }

        Assert.Null(browser.Xsrf);
        await Api.WaitForJupyterLabStatusAsync("slow-lab", "InService", StartTimeout);
        Assert.True(started.Elapsed >= TimeSpan.FromSeconds(3.9), $"InService after {started.Elapsed}");
        using (var ready = await browser.GetAsync("/jupyterlab/default/"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        Assert.NotNull(browser.Xsrf);
    }

    [Fact]
    public async Task StartFailureFailsTheSpaceAppWithoutAServer()
    {
        const string reason = "InternalFailure: the sandbox was asked to fail this start";
        await Host.Admin.SetFaultsAsync(new FaultSettings { StartFailure = reason });
        await Api.CreateUserProfileAsync("doomed-lab-owner");
        await Api.CreateSpaceAsync("doomed-lab", "doomed-lab-owner");
        await Api.CreateJupyterLabAppAsync("doomed-lab");
        await Api.WaitForJupyterLabStatusAsync("doomed-lab", "Failed", StartTimeout);

        var described = await Api.InvokeAsync("DescribeApp", SageMakerTestClient.JupyterLabApp("doomed-lab"));
        Assert.Equal(reason, described.GetProperty("FailureReason").GetString());
        Assert.Empty(SandboxProcesses.OfSpace(Host.Root, "doomed-lab"));
    }

    [Fact]
    public async Task JupyterErrorsAndAWebsocketDropHitTheSpacesJupyterLab()
    {
        using var browser = await ReadySpaceAsync("flaky-lab");
        await Host.Admin.SetFaultsAsync(new FaultSettings { JupyterErrorCount = 1, JupyterErrorPathPrefix = "api/terminals" });
        using (var other = await browser.GetAsync("/jupyterlab/default/api/status"))
        {
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        }

        using (var failed = await browser.PostTerminalAsync())
        {
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        }

        var terminal = await browser.CreateTerminalAsync();
        await Host.Admin.SetFaultsAsync(new FaultSettings { WebsocketDropAfterFrames = 2 });
        await using (var doomed = await browser.ConnectTerminalAsync(terminal))
        {
            await doomed.SendStdinAsync("for i in 1 2 3 4 5; do echo line-$i; sleep 0.2; done\r");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            var error = await Assert.ThrowsAsync<WebSocketException>(async () =>
            {
                while (await doomed.ReceiveFrameAsync(timeout.Token) is not null)
                {
                }
            });
            Assert.Equal(2, doomed.FramesReceived);
            Assert.Equal(WebSocketError.ConnectionClosedPrematurely, error.WebSocketErrorCode);
        }

        await using var next = await browser.ConnectTerminalAsync(terminal);
        Assert.Contains("still-here", await next.RunAsync("echo still-here", TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task RestartJupyterServerInASpaceTerminalRestartsTheSpacesServer()
    {
        using var browser = await ReadySpaceAsync("restarted-lab");
        var before = await Host.Admin.GetSpaceJupyterProcessIdAsync("restarted-lab");
        await using var socket = await browser.ConnectTerminalAsync(await browser.CreateTerminalAsync());

        await socket.SendStdinAsync("restart-jupyter-server\r");
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ReadUntilAsync("never", TimeSpan.FromSeconds(20)));
        await Api.WaitForJupyterLabStatusAsync("restarted-lab", "InService", StartTimeout);
        var after = await Host.Admin.GetSpaceJupyterProcessIdAsync("restarted-lab");
        Assert.NotNull(after);
        Assert.NotEqual(before, after);
        Assert.False(SandboxProcesses.IsAlive(before!.Value), "the old server survived");

        await Host.Admin.RestartSpaceJupyterAsync("restarted-lab");
        Assert.Equal("Pending", await Api.GetJupyterLabStatusAsync("restarted-lab"));
        await Api.WaitForJupyterLabStatusAsync("restarted-lab", "InService", StartTimeout);
        Assert.NotEqual(after, await Host.Admin.GetSpaceJupyterProcessIdAsync("restarted-lab"));
    }

    [Fact]
    public async Task TheExecutionsCounterCountsPerSpace()
    {
        using var browser = await ReadySpaceAsync("counted-lab");
        Assert.Equal(0, await Host.Admin.GetSpaceExecutionCountAsync("counted-lab"));
        await using var socket = await browser.ConnectTerminalAsync(await browser.CreateTerminalAsync());

        await socket.RunAsync("echo run-1 >> \"$SANDBOX_EXECUTION_LOG\"", TimeSpan.FromSeconds(20));
        Assert.Equal(1, await Host.Admin.GetSpaceExecutionCountAsync("counted-lab"));
        Assert.Equal(0, await Host.Admin.GetExecutionCountAsync("counted-lab-owner"));
    }

    [Fact]
    public async Task LoginRefusedRefusesOnTheSpaceOriginTooAndKeepsTheTokenUnused()
    {
        await Api.CreateUserProfileAsync("refused-lab-owner");
        await Api.CreateSpaceAsync("refused-lab", "refused-lab-owner");
        using var browser = StudioBrowser.ForSpace(Host.SpaceOrigin, followRedirects: false);
        var url = await Api.CreatePresignedSpaceUrlAsync("refused-lab-owner", "refused-lab");

        await Host.Admin.SetFaultsAsync(new FaultSettings { LoginRefused = true });
        using (var refused = await browser.LoginAsync(url))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        Assert.Empty(browser.Cookies.GetAllCookies());
        await Host.Admin.ResetFaultsAsync();
        using var accepted = await browser.LoginAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal("/loading", accepted.Headers.Location!.ToString());
    }

    /// <summary>A space with an InService JupyterLab app (its owner is NAME-owner), and a browser logged in to it.</summary>
    private async Task<StudioBrowser> ReadySpaceAsync(string space)
    {
        await Api.CreateReadySpaceAsync(space, $"{space}-owner");
        var browser = StudioBrowser.ForSpace(Host.SpaceOrigin);
        using var login = await browser.LoginAsync(await Api.CreatePresignedSpaceUrlAsync($"{space}-owner", space));
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.NotNull(browser.Xsrf);
        return browser;
    }
}
