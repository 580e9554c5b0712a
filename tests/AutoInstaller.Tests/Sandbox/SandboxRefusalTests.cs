using System.Net;

namespace AutoInstaller.Tests.Sandbox;

/// <summary>What the front door and Jupyter refuse: the sandbox must be no more lenient than Studio.</summary>
public sealed class SandboxRefusalTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private SandboxHost Host => fixture.Host;

    private string SameOrigin => Host.Origin.ToString().TrimEnd('/');

    public Task InitializeAsync() => Host.Admin.ResetFaultsAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task WithoutASessionNothingReachesJupyter()
    {
        await Host.SageMaker.CreateReadyUserAsync("no-session");
        using var stranger = new StudioBrowser(Host.Origin);

        using var api = await stranger.GetAsync("/jupyter/default/api/status");
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        using var page = await stranger.GetAsync("/jupyter/default/");
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        using var status = await stranger.GetAsync("/app?appType=JupyterServer&appName=default");
        Assert.Equal(HttpStatusCode.Forbidden, status.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, await stranger.WebSocketHandshakeStatusAsync("1", origin: null));
        Assert.Null(stranger.Xsrf);
    }

    [Fact]
    public async Task ALoginTokenWorksOnce()
    {
        await Host.SageMaker.CreateReadyUserAsync("one-time");
        var url = await Host.SageMaker.CreatePresignedDomainUrlAsync("one-time");
        using (var first = new StudioBrowser(Host.Origin))
        {
            using var login = await first.LoginAsync(url);
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            Assert.NotNull(first.Xsrf);
        }

        using var second = new StudioBrowser(Host.Origin, followRedirects: false);
        using var again = await second.LoginAsync(url);
        StudioBrowser.AssertSentToSignIn(again);
        Assert.Empty(second.Cookies.GetAllCookies());
    }

    [Fact]
    public async Task AnExpiredLoginTokenGoesToTheSignInPage()
    {
        await Host.SageMaker.CreateUserProfileAsync("late");
        var url = await Host.SageMaker.CreatePresignedDomainUrlAsync("late", expiresInSeconds: 5);
        await Task.Delay(TimeSpan.FromSeconds(5.2));

        using var browser = new StudioBrowser(Host.Origin, followRedirects: false);
        using var login = await browser.LoginAsync(url);
        StudioBrowser.AssertSentToSignIn(login);
        Assert.Empty(browser.Cookies.GetAllCookies());
    }

    [Fact]
    public async Task AnUnknownTokenGoesToTheSignInPage()
    {
        using var browser = new StudioBrowser(Host.Origin, followRedirects: false);
        using var login = await browser.GetAsync("/auth?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        StudioBrowser.AssertSentToSignIn(login);
        Assert.Empty(browser.Cookies.GetAllCookies());
    }

    [Fact]
    public async Task AnotherUsersSessionReachesOnlyItsOwnServer()
    {
        await Host.SageMaker.CreateReadyUserAsync("owner");
        await Host.SageMaker.CreateUserProfileAsync("other");
        await File.WriteAllTextAsync(Path.Combine(Host.UserHome("owner"), "private.txt"), "owner's file");

        using var owner = await LoggedInAsync("owner");
        using (var own = await owner.GetAsync("/jupyter/default/api/contents/private.txt"))
        {
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        }

        // A user without a running app is not let through to anyone's server.
        using var other = await LoggedInAsync("other");
        using (var denied = await other.GetAsync("/jupyter/default/api/contents/private.txt"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, denied.StatusCode);
        }

        // Once it has its own server, the same path leads there, not to the owner's files.
        await Host.SageMaker.CreateJupyterServerAppAsync("other");
        await Host.SageMaker.WaitForJupyterServerStatusAsync("other", "InService", TimeSpan.FromSeconds(60));
        using var notFound = await other.GetAsync("/jupyter/default/api/contents/private.txt");
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        using var ownStatus = await other.GetAsync("/app?appType=JupyterServer&appName=default");
        Assert.Equal("InService", await ownStatus.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task JupyterRefusesAForeignOriginOnTheWebSocketAndTheApi()
    {
        await Host.SageMaker.CreateReadyUserAsync("origin-check");
        using var browser = await LoggedInAsync("origin-check");
        var terminal = await browser.CreateTerminalAsync();

        Assert.Equal(HttpStatusCode.Forbidden, await browser.WebSocketHandshakeStatusAsync(terminal, "http://evil.example"));
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await browser.WebSocketHandshakeStatusAsync(terminal, SameOrigin));
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await browser.WebSocketHandshakeStatusAsync(terminal, origin: null));

        using var crossOrigin = await browser.PostTerminalAsync(origin: "http://evil.example");
        Assert.Equal(HttpStatusCode.NotFound, crossOrigin.StatusCode);
    }

    [Fact]
    public async Task AWrongXsrfValueIsRefused()
    {
        await Host.SageMaker.CreateReadyUserAsync("xsrf-check");
        using var browser = await LoggedInAsync("xsrf-check");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/jupyter/default/api/terminals");
        request.Headers.Add("X-XSRFToken", "2|00000000|00000000000000000000000000000000|1795456918");
        using var client = new HttpClient(new SocketsHttpHandler { CookieContainer = browser.Cookies }) { BaseAddress = Host.Origin };
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private async Task<StudioBrowser> LoggedInAsync(string user)
    {
        var browser = new StudioBrowser(Host.Origin);
        using var login = await browser.LoginAsync(await Host.SageMaker.CreatePresignedDomainUrlAsync(user));
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        return browser;
    }
}
