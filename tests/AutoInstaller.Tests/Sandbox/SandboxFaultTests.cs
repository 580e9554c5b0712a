using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text.RegularExpressions;
using StudioSandbox.Admin;

namespace AutoInstaller.Tests.Sandbox;

/// <summary>Every fault knob of the admin API, shown to work against real Jupyter servers.</summary>
public sealed class SandboxFaultTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private SandboxHost Host => fixture.Host;

    public Task InitializeAsync() => Host.Admin.ResetFaultsAsync();

    public Task DisposeAsync() => Host.Admin.ResetFaultsAsync();

    [Fact]
    public async Task PendingTimeKeepsTheAppPendingAndLoginLandsOnTheLoadingPageWithoutXsrf()
    {
        await Host.Admin.SetFaultsAsync(new FaultSettings { PendingSeconds = 4 });
        await Host.SageMaker.CreateUserProfileAsync("slow-start");
        var started = Stopwatch.StartNew();
        await Host.SageMaker.CreateJupyterServerAppAsync("slow-start");
        Assert.Equal("Pending", await Host.SageMaker.GetJupyterServerStatusAsync("slow-start"));

        using var browser = new StudioBrowser(Host.Origin);
        using (var landing = await browser.LoginAsync(await Host.SageMaker.CreatePresignedDomainUrlAsync("slow-start")))
        {
            Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
            Assert.Equal("/loading", landing.RequestMessage!.RequestUri!.AbsolutePath);
            Assert.Contains("loading", await landing.Content.ReadAsStringAsync());
        }

        using (var status = await browser.GetAsync("/app?appType=JupyterServer&appName=default"))
        {
            Assert.Equal("Pending", await status.Content.ReadAsStringAsync());
        }

        using (var early = await browser.GetAsync("/jupyter/default/"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, early.StatusCode);
        }

        Assert.Null(browser.Xsrf);

        await Host.SageMaker.WaitForJupyterServerStatusAsync("slow-start", "InService", StartTimeout);
        Assert.True(started.Elapsed >= TimeSpan.FromSeconds(3.9), $"InService after {started.Elapsed}");
        using (var ready = await browser.GetAsync("/jupyter/default/"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        Assert.NotNull(browser.Xsrf);
    }

    [Fact]
    public async Task StartFailureMarksTheAppFailedWithTheReasonAndStartsNoServer()
    {
        const string reason = "InternalFailure: the sandbox was asked to fail this start";
        await Host.Admin.SetFaultsAsync(new FaultSettings { StartFailure = reason });
        await Host.SageMaker.CreateUserProfileAsync("doomed");
        await Host.SageMaker.CreateJupyterServerAppAsync("doomed");
        await Host.SageMaker.WaitForJupyterServerStatusAsync("doomed", "Failed", StartTimeout);

        var described = await Host.SageMaker.InvokeAsync("DescribeApp", SageMakerTestClient.JupyterServerApp("doomed"));
        Assert.Equal(reason, described.GetProperty("FailureReason").GetString());
        Assert.Empty(SandboxProcesses.Of(Host.Root, "doomed"));
    }

    [Fact]
    public async Task NeverReadyStartsTheServerButLeavesTheAppPending()
    {
        await Host.Admin.SetFaultsAsync(new FaultSettings { NeverReady = true });
        await Host.SageMaker.CreateUserProfileAsync("stuck");
        await Host.SageMaker.CreateJupyterServerAppAsync("stuck");

        // At least 3 s, and until the server runs however long it takes to start on a busy machine.
        await Task.Delay(TimeSpan.FromSeconds(3));
        for (var i = 0; i < 600 && !SandboxProcesses.Of(Host.Root, "stuck").Any(); i++)
        {
            await Task.Delay(100);
        }

        Assert.NotEmpty(SandboxProcesses.Of(Host.Root, "stuck"));
        Assert.Equal("Pending", await Host.SageMaker.GetJupyterServerStatusAsync("stuck"));
    }

    [Fact]
    public async Task ThrottleCountThrottlesExactlyTheNextCalls()
    {
        await Host.Admin.SetFaultsAsync(new FaultSettings { ThrottleCount = 2 });
        var describeDomain = new { DomainId = SandboxHost.DomainId };
        for (var i = 0; i < 2; i++)
        {
            var (status, body) = await Host.SageMaker.CallAsync("DescribeDomain", describeDomain);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.EndsWith("#ThrottlingException", body.GetProperty("__type").GetString());
            Assert.Equal("Rate exceeded", body.GetProperty("message").GetString());
        }

        var (after, _) = await Host.SageMaker.CallAsync("DescribeDomain", describeDomain);
        Assert.Equal(HttpStatusCode.OK, after);
    }

    [Fact]
    public async Task ThrottleRateGivesEachOperationItsBurstThenThrottlesAndCountsTheCalls()
    {
        await Host.SageMaker.CreateUserProfileAsync("rated");
        var profile = new { DomainId = SandboxHost.DomainId, UserProfileName = "rated" };

        // A refill of one call per 1000 s: within the test, only the burst passes.
        var rate = new FaultSettings { ThrottleRatePerSecond = 0.001, ThrottleBurst = 2 };
        await Host.Admin.SetFaultsAsync(rate);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await Host.SageMaker.CallAsync("DescribeUserProfile", profile)).Status);
        }

        var (otherOperation, _) = await Host.SageMaker.CallAsync("DescribeDomain", new { DomainId = SandboxHost.DomainId });
        var (throttled, body) = await Host.SageMaker.CallAsync("DescribeUserProfile", profile);
        var calls = (await Host.Admin.GetApiCallsAsync()).Single(c => c.Operation == "DescribeUserProfile" && c.Resource == "user-profile/rated");

        await Host.Admin.SetFaultsAsync(rate);
        var (refilled, _) = await Host.SageMaker.CallAsync("DescribeUserProfile", profile);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.BadRequest], statuses);
        Assert.Equal(HttpStatusCode.OK, otherOperation);
        Assert.Equal(HttpStatusCode.BadRequest, throttled);
        Assert.EndsWith("#ThrottlingException", body.GetProperty("__type").GetString());
        Assert.Equal("Rate exceeded", body.GetProperty("message").GetString());
        Assert.Equal((4, 2), (calls.Calls, calls.Throttled));
        Assert.Equal(HttpStatusCode.OK, refilled);
    }

    [Theory]
    [InlineData("{\"throttleRatePerSecond\": 5}")]
    [InlineData("{\"throttleRatePerSecond\": -1, \"throttleBurst\": 1}")]
    [InlineData("{\"pendingSeconds\": 10, \"pendingSecondsMax\": 5}")]
    public async Task ARateWithoutABurstOrAPendingRangeUpsideDownIsRefused(string faults)
    {
        using var http = new HttpClient { BaseAddress = Host.Origin };
        using var answer = await http.PutAsync("/_sandbox/faults", new StringContent(faults, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
    }

    [Fact]
    public async Task JupyterErrorCountFailsTheNextMatchingJupyterRequests()
    {
        await Host.SageMaker.CreateReadyUserAsync("flaky-api");
        using var browser = await LoggedInAsync("flaky-api");
        await Host.Admin.SetFaultsAsync(new FaultSettings { JupyterErrorCount = 1, JupyterErrorPathPrefix = "api/terminals" });

        using (var other = await browser.GetAsync("/jupyter/default/api/status"))
        {
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        }

        using (var failed = await browser.PostTerminalAsync())
        {
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        }

        using var recovered = await browser.PostTerminalAsync();
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
    }

    [Fact]
    public async Task WebsocketDropAbortsTheNextTerminalSocketAfterTheGivenFrames()
    {
        await Host.SageMaker.CreateReadyUserAsync("dropped");
        using var browser = await LoggedInAsync("dropped");
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
    public async Task ResponseDelaySlowsTheApiAndJupyter()
    {
        await Host.SageMaker.CreateReadyUserAsync("sluggish");
        using var browser = await LoggedInAsync("sluggish");
        await Host.Admin.SetFaultsAsync(new FaultSettings { ResponseDelayMs = 400 });

        // Timers may fire a few milliseconds early; without the fault these calls take a few milliseconds in all.
        const int atLeast = 350;
        var api = Stopwatch.StartNew();
        await Host.SageMaker.InvokeAsync("DescribeDomain", new { DomainId = SandboxHost.DomainId });
        Assert.True(api.ElapsedMilliseconds >= atLeast, $"API answered in {api.ElapsedMilliseconds} ms");

        var jupyter = Stopwatch.StartNew();
        using var status = await browser.GetAsync("/jupyter/default/api/status");
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.True(jupyter.ElapsedMilliseconds >= atLeast, $"Jupyter answered in {jupyter.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task LoginRefusedAnswers403AndKeepsTheTokenUnused()
    {
        await Host.SageMaker.CreateReadyUserAsync("refused");
        var url = await Host.SageMaker.CreatePresignedDomainUrlAsync("refused");
        await Host.Admin.SetFaultsAsync(new FaultSettings { LoginRefused = true });

        using var browser = new StudioBrowser(Host.Origin);
        using (var refused = await browser.LoginAsync(url))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        Assert.Empty(browser.Cookies.GetAllCookies());
        await Host.Admin.ResetFaultsAsync();
        using var accepted = await browser.LoginAsync(url);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task ExpiredLoginUrlCountIssuesThatManyExpiredUrlsThenValidOnes()
    {
        await Host.SageMaker.CreateReadyUserAsync("expired");
        await Host.Admin.SetFaultsAsync(new FaultSettings { ExpiredLoginUrlCount = 1 });
        var expired = await Host.SageMaker.CreatePresignedDomainUrlAsync("expired");
        var valid = await Host.SageMaker.CreatePresignedDomainUrlAsync("expired");

        using var browser = new StudioBrowser(Host.Origin, followRedirects: false);
        using (var refused = await browser.LoginAsync(expired))
        {
            StudioBrowser.AssertSentToSignIn(refused);
        }

        Assert.Empty(browser.Cookies.GetAllCookies());
        Assert.Equal(0, (await Host.Admin.GetFaultsAsync()).ExpiredLoginUrlCount);
        using var accepted = await browser.LoginAsync(valid);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal("/jupyter/default/", accepted.Headers.Location!.ToString());
    }

    [Fact]
    public async Task RestartReplacesTheServerAndItsTerminalsButNotDetachedProcesses()
    {
        await Host.SageMaker.CreateReadyUserAsync("restarted");
        var before = await Host.Admin.GetJupyterProcessIdAsync("restarted");
        using var browser = await LoggedInAsync("restarted");
        await using var socket = await browser.ConnectTerminalAsync(await browser.CreateTerminalAsync());
        var detached = await DetachedSleep.StartAsync(socket, Host.UserHome("restarted"));
        var shellOutput = await socket.RunAsync("echo \"shell-pid=$$\"", TimeSpan.FromSeconds(20));
        var shell = int.Parse(Regex.Match(shellOutput, "shell-pid=([0-9]+)").Groups[1].Value);

        await Host.Admin.RestartJupyterAsync("restarted");
        Assert.Equal("Pending", await Host.SageMaker.GetJupyterServerStatusAsync("restarted"));
        await Host.SageMaker.WaitForJupyterServerStatusAsync("restarted", "InService", StartTimeout);

        var after = await Host.Admin.GetJupyterProcessIdAsync("restarted");
        Assert.NotEqual(before, after);
        Assert.False(SandboxProcesses.IsAlive(before!.Value), "the old server survived");
        Assert.False(SandboxProcesses.IsAlive(shell), "the old terminal's shell survived");
        Assert.True(SandboxProcesses.IsAlive(detached), "the detached process was killed");
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ReadUntilAsync("never", TimeSpan.FromSeconds(10)));
        Process.GetProcessById(detached).Kill();
    }

    [Fact]
    public async Task RestartJupyterServerCommandInATerminalRestartsThatUsersServer()
    {
        await Host.SageMaker.CreateReadyUserAsync("self-restart");
        var before = await Host.Admin.GetJupyterProcessIdAsync("self-restart");
        using var browser = await LoggedInAsync("self-restart");
        await using var socket = await browser.ConnectTerminalAsync(await browser.CreateTerminalAsync());

        await socket.SendStdinAsync("restart-jupyter-server\r");
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ReadUntilAsync("never", TimeSpan.FromSeconds(20)));
        await Host.SageMaker.WaitForJupyterServerStatusAsync("self-restart", "InService", StartTimeout);
        var after = await Host.Admin.GetJupyterProcessIdAsync("self-restart");
        Assert.NotNull(after);
        Assert.NotEqual(before, after);
    }

    [Fact]
    public async Task ACrashedServerMarksTheAppFailed()
    {
        await Host.SageMaker.CreateReadyUserAsync("crashed");
        var pid = await Host.Admin.GetJupyterProcessIdAsync("crashed");
        Process.GetProcessById(pid!.Value).Kill();

        await Host.SageMaker.WaitForJupyterServerStatusAsync("crashed", "Failed", TimeSpan.FromSeconds(10));
        var described = await Host.SageMaker.InvokeAsync("DescribeApp", SageMakerTestClient.JupyterServerApp("crashed"));
        Assert.Contains("exited unexpectedly", described.GetProperty("FailureReason").GetString());
    }

    [Fact]
    public async Task ExecutionCounterCountsLinesSetupRunsAppend()
    {
        await Host.SageMaker.CreateReadyUserAsync("counted");
        Assert.Equal(0, await Host.Admin.GetExecutionCountAsync("counted"));
        using var browser = await LoggedInAsync("counted");
        await using var socket = await browser.ConnectTerminalAsync(await browser.CreateTerminalAsync());

        await socket.RunAsync("echo run-1 >> \"$SANDBOX_EXECUTION_LOG\"", TimeSpan.FromSeconds(20));
        Assert.Equal(1, await Host.Admin.GetExecutionCountAsync("counted"));
        await socket.RunAsync("echo run-2 >> \"$SANDBOX_EXECUTION_LOG\"", TimeSpan.FromSeconds(20));
        Assert.Equal(2, await Host.Admin.GetExecutionCountAsync("counted"));
    }

    [Fact]
    public async Task IssuedSecretsListTheTokenTheSessionCookieAndTheXsrfValue()
    {
        await Host.SageMaker.CreateReadyUserAsync("secretive");
        var url = await Host.SageMaker.CreatePresignedDomainUrlAsync("secretive");
        using var browser = new StudioBrowser(Host.Origin);
        using var login = await browser.LoginAsync(url);

        var secrets = await Host.Admin.GetIssuedSecretsAsync();
        Assert.Contains(url.Query["?token=".Length..], secrets.LoginTokens);
        Assert.Contains(browser.Cookies.GetCookies(Host.Origin)["sandbox-studio-session"]!.Value, secrets.SessionCookies);
        Assert.Contains(browser.Xsrf!, secrets.XsrfTokens);
    }

    [Fact]
    public async Task FaultsReadBackAsSetAndCountersRunDown()
    {
        await Host.Admin.SetFaultsAsync(new FaultSettings { ThrottleCount = 3, PendingSeconds = 1.5 });
        await Host.SageMaker.CallAsync("DescribeDomain", new { DomainId = SandboxHost.DomainId });
        var faults = await Host.Admin.GetFaultsAsync();
        Assert.Equal(2, faults.ThrottleCount);
        Assert.Equal(1.5, faults.PendingSeconds);

        using var http = new HttpClient { BaseAddress = Host.Origin };
        using var typo = await http.PutAsync("/_sandbox/faults", new StringContent("{\"throttleCuont\": 1}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, typo.StatusCode);
        using var negative = await http.PutAsync("/_sandbox/faults", new StringContent("{\"throttleCount\": -1}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.Equal(2, (await Host.Admin.GetFaultsAsync()).ThrottleCount);
    }

    private async Task<StudioBrowser> LoggedInAsync(string user)
    {
        var browser = new StudioBrowser(Host.Origin);
        using var login = await browser.LoginAsync(await Host.SageMaker.CreatePresignedDomainUrlAsync(user));
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.NotNull(browser.Xsrf);
        return browser;
    }
}
