using System.Net;

namespace AutoInstaller.Tests.Sandbox;

/// <summary>
/// The admin API's readiness timestamps: when the app became InService, and when since then a terminal websocket
/// through the proxy first carried stdin (not the set_size frame before it). A restart starts both over.
/// </summary>
public sealed class SandboxReadinessTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private SandboxHost Host => fixture.Host;

    public Task InitializeAsync() => Host.Admin.ResetFaultsAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task InServiceAndTheFirstStdinFrameAreTimestampedAndARestartStartsThemOver()
    {
        var created = DateTimeOffset.UtcNow;
        await Host.SageMaker.CreateReadyUserAsync("timed");
        var ready = await Host.Admin.GetReadinessAsync("timed");
        Assert.Equal(("InService", (double?)null), (ready.Status, ready.FirstStdinAtUnixMs));
        Assert.InRange(ready.InServiceAtUnixMs!.Value, UnixMs(created), UnixMs(DateTimeOffset.UtcNow));

        using var browser = new StudioBrowser(Host.Origin);
        using var login = await browser.LoginAsync(await Host.SageMaker.CreatePresignedDomainUrlAsync("timed"));
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        await using (var terminal = await browser.ConnectTerminalAsync(await browser.CreateTerminalAsync()))
        {
            await terminal.SendSetSizeAsync(60, 200);
            await Task.Delay(200);
            Assert.Null((await Host.Admin.GetReadinessAsync("timed")).FirstStdinAtUnixMs);

            var typed = DateTimeOffset.UtcNow;
            await terminal.RunAsync("true", TimeSpan.FromSeconds(20));
            var first = (await Host.Admin.GetReadinessAsync("timed")).FirstStdinAtUnixMs;
            Assert.InRange(first!.Value, UnixMs(typed), UnixMs(DateTimeOffset.UtcNow));

            await terminal.RunAsync("true", TimeSpan.FromSeconds(20));
            Assert.Equal(first, (await Host.Admin.GetReadinessAsync("timed")).FirstStdinAtUnixMs);
        }

        await Host.Admin.RestartJupyterAsync("timed");
        await Host.SageMaker.WaitForJupyterServerStatusAsync("timed", "Pending", TimeSpan.FromSeconds(30));
        Assert.Null((await Host.Admin.GetReadinessAsync("timed")).InServiceAtUnixMs);
        await Host.SageMaker.WaitForJupyterServerStatusAsync("timed", "InService", TimeSpan.FromSeconds(60));
        var restarted = await Host.Admin.GetReadinessAsync("timed");
        Assert.True(restarted.InServiceAtUnixMs > ready.InServiceAtUnixMs);
        Assert.Null(restarted.FirstStdinAtUnixMs);
    }

    [Fact]
    public async Task ASpacesJupyterLabHasItsOwnTimestamps()
    {
        await Host.SageMaker.CreateReadySpaceAsync("timed-lab", "lab-timer");
        Assert.Null((await Host.Admin.GetSpaceReadinessAsync("timed-lab")).FirstStdinAtUnixMs);

        using var browser = StudioBrowser.ForSpace(Host.SpaceOrigin);
        using var login = await browser.LoginAsync(await Host.SageMaker.CreatePresignedSpaceUrlAsync("lab-timer", "timed-lab"));
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var typed = DateTimeOffset.UtcNow;
        await using (var terminal = await browser.ConnectTerminalAsync(await browser.CreateTerminalAsync()))
        {
            await terminal.RunAsync("true", TimeSpan.FromSeconds(20));
        }

        var readiness = await Host.Admin.GetSpaceReadinessAsync("timed-lab");
        Assert.Equal("InService", readiness.Status);
        Assert.InRange(readiness.FirstStdinAtUnixMs!.Value, Math.Max(UnixMs(typed), readiness.InServiceAtUnixMs!.Value), UnixMs(DateTimeOffset.UtcNow));
    }

    private static double UnixMs(DateTimeOffset at) => (at - DateTimeOffset.UnixEpoch).TotalMilliseconds;
}
