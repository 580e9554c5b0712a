using System.Net;
using System.Text.Json;

namespace AutoInstaller.Tests.Sandbox;

/// <summary>
/// Logging in to a space's JupyterLab: the presigned URL on the space's own origin, JupyterLab 4's landing, a real
/// terminal in the space's home; what is refused, and sessions that stay on their own origin.
/// </summary>
public sealed class SandboxSpaceLoginTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private SandboxHost Host => fixture.Host;

    private SageMakerTestClient Api => Host.SageMaker;

    private string SpaceOrigin => Host.SpaceOrigin.GetLeftPart(UriPartial.Authority);

    private string DomainOrigin => Host.Origin.GetLeftPart(UriPartial.Authority);

    private const string FrontDoorSignInUrl = "https://signin.aws.amazon.com/signin?redirect_uri=https%3A%2F%2Fconsole.aws.amazon.com%2Fsagemaker%2Fhome";

    public Task InitializeAsync() => Host.Admin.ResetFaultsAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task APresignedSpaceUrlLeadsToTheSpacesJupyterLabWhereATerminalWritesToTheSpaceHome()
    {
        await Api.CreateReadySpaceAsync("lab", "lab-owner");
        var url = await Api.CreatePresignedSpaceUrlAsync("lab-owner", "lab");
        Assert.StartsWith($"{SpaceOrigin}/auth?token=", url.ToString());

        using var browser = StudioBrowser.ForSpace(Host.SpaceOrigin);
        using (var landing = await browser.LoginAsync(url))
        {
            Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
            Assert.Equal($"{SpaceOrigin}/jupyterlab/default/lab", landing.RequestMessage!.RequestUri!.ToString());
            Assert.Contains("<title>JupyterLab</title>", await landing.Content.ReadAsStringAsync());
        }

        using (var version = await browser.GetAsync("/jupyterlab/default/api"))
        {
            Assert.StartsWith("2.", JsonDocument.Parse(await version.Content.ReadAsStringAsync()).RootElement.GetProperty("version").GetString());
        }

        // Real JupyterLab: the base page is a 302 to lab without Set-Cookie; lab sets _xsrf.
        using (var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }))
        using (var request = new HttpRequestMessage(HttpMethod.Get, $"{SpaceOrigin}/jupyterlab/default/"))
        {
            request.Headers.Add("Cookie", $"sandbox-studio-session={browser.Cookies.GetCookies(Host.SpaceOrigin)["sandbox-studio-session"]!.Value}");
            using var root = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Found, root.StatusCode);
            Assert.StartsWith("/jupyterlab/default/lab", root.Headers.Location!.ToString());
            Assert.False(root.Headers.Contains("Set-Cookie"));
        }

        Assert.NotNull(browser.Xsrf);
        Assert.Empty(browser.Cookies.GetCookies(Host.Origin));
        using (var withoutXsrf = await browser.PostTerminalAsync(sendXsrf: false))
        {
            Assert.Equal(HttpStatusCode.Forbidden, withoutXsrf.StatusCode);
        }

        var terminal = await browser.CreateTerminalAsync();
        await using var socket = await browser.ConnectTerminalAsync(terminal, origin: SpaceOrigin);
        var output = await socket.RunAsync(
            "echo \"written in $SANDBOX_SPACE_NAME\" > ~/from-terminal.txt; echo \"home=$HOME\"", TimeSpan.FromSeconds(20));
        Assert.Contains($"home={Host.SpaceHome("lab")}", output);
        Assert.Equal("written in lab\n", await File.ReadAllTextAsync(Path.Combine(Host.SpaceHome("lab"), "from-terminal.txt")));
        Assert.False(File.Exists(Path.Combine(Host.UserHome("lab-owner"), "from-terminal.txt")));
    }

    [Fact]
    public async Task ThePresignedUrlIsRedeemedOnTheSpaceHostOnceAndAUsedOneGoesToTheSignInPage()
    {
        await Api.CreateReadySpaceAsync("own-host", "own-host-owner");
        var url = await Api.CreatePresignedSpaceUrlAsync("own-host-owner", "own-host");
        var token = url.Query["?token=".Length..];
        Assert.Contains(token, (await Host.Admin.GetIssuedSecretsAsync()).LoginTokens);
        using var browser = StudioBrowser.ForSpace(Host.SpaceOrigin, followRedirects: false);

        // The space's token is no token on the domain's origin, and trying it there does not use it up.
        using (var atDomain = await browser.GetAsync($"{DomainOrigin}/auth?token={token}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, atDomain.StatusCode);
            Assert.Equal("signin.aws.amazon.com", atDomain.Headers.Location!.Host);
        }

        Assert.Empty(browser.Cookies.GetAllCookies());
        using (var atSpace = await browser.LoginAsync(url))
        {
            Assert.Equal(HttpStatusCode.Redirect, atSpace.StatusCode);
            Assert.Equal("/jupyterlab/default/lab", atSpace.Headers.Location!.ToString());
        }

        var session = Assert.Single(browser.Cookies.GetAllCookies());
        Assert.Equal("sandbox-studio-session", session.Name);
        Assert.Equal(Host.SpaceOrigin.Host, session.Domain);
        Assert.True(session.HttpOnly);
        Assert.Contains(session.Value, (await Host.Admin.GetIssuedSecretsAsync()).SessionCookies);

        using var reused = await browser.LoginAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, reused.StatusCode);
        Assert.Equal(new Uri(FrontDoorSignInUrl), reused.Headers.Location);
    }

    [Fact]
    public async Task AClassicLoginWithoutLandingUriLandsOnNewStudiosUiOnAHostOfItsOwn()
    {
        await Api.CreateReadyUserAsync("ui-lander");
        var described = await Api.InvokeAsync("DescribeDomain", new { DomainId = SandboxHost.DomainId });
        Assert.Equal("studio::", described.GetProperty("DefaultUserSettings").GetProperty("DefaultLandingUri").GetString());
        var body = await Api.InvokeAsync("CreatePresignedDomainUrl", new { DomainId = SandboxHost.DomainId, UserProfileName = "ui-lander" });
        using var browser = new StudioBrowser(Host.Origin, followRedirects: false);

        using var landing = await browser.LoginAsync(new Uri(body.GetProperty("AuthorizedUrl").GetString()!));

        Assert.Equal(HttpStatusCode.Redirect, landing.StatusCode);
        Assert.Equal($"https://studio-{SandboxHost.DomainId}.studio.{SandboxHost.Region}.sagemaker.aws/", landing.Headers.Location!.ToString());
        Assert.Empty(browser.Cookies.GetAllCookies());
    }

    [Fact]
    public async Task PresignedUrlsThatCannotOpenTheSpaceAreRefused()
    {
        await Api.CreateUserProfileAsync("private-owner");
        await Api.CreateUserProfileAsync("colleague");
        await Api.CreateSpaceAsync("private-space", "private-owner");
        await Api.CreateSpaceAsync("team-space", "private-owner", sharingType: "Shared");

        var notOwner = await RefusedAsync(SageMakerTestClient.PresignedSpaceUrl("colleague", "private-space"));
        Assert.Contains("private to user profile 'private-owner'", notOwner);
        Assert.Contains("does not exist", await RefusedAsync(SageMakerTestClient.PresignedSpaceUrl("private-owner", "no-such-space")));
        await RefusedAsync(new { DomainId = SandboxHost.DomainId, UserProfileName = "private-owner", SpaceName = "private-space" });
        await RefusedAsync(new { DomainId = SandboxHost.DomainId, UserProfileName = "private-owner", SpaceName = "private-space", LandingUri = "app:JupyterServer:/" });
        Assert.Contains("SpaceName is required", await RefusedAsync(new { DomainId = SandboxHost.DomainId, UserProfileName = "private-owner", LandingUri = "app:JupyterLab:/" }));
        Assert.Contains("not served by the Studio sandbox", await RefusedAsync(new { DomainId = SandboxHost.DomainId, UserProfileName = "private-owner", LandingUri = "app:CodeEditor:" }));
        Assert.Contains("not served by the Studio sandbox", await RefusedAsync(new { DomainId = SandboxHost.DomainId, UserProfileName = "private-owner", SpaceName = "private-space", LandingUri = "studio::" }));

        // A shared space opens for every user profile; logins without a space take a Classic or a studio:: LandingUri, or none.
        await Api.InvokeAsync("CreatePresignedDomainUrl", SageMakerTestClient.PresignedSpaceUrl("colleague", "team-space"));
        await Api.InvokeAsync("CreatePresignedDomainUrl", new { DomainId = SandboxHost.DomainId, UserProfileName = "colleague", LandingUri = "app:JupyterServer:/tree" });
        await Api.InvokeAsync("CreatePresignedDomainUrl", new { DomainId = SandboxHost.DomainId, UserProfileName = "colleague", LandingUri = "studio::" });
        await Api.InvokeAsync("CreatePresignedDomainUrl", new { DomainId = SandboxHost.DomainId, UserProfileName = "colleague" });
    }

    [Fact]
    public async Task SessionsStayOnTheirOwnOrigin()
    {
        const string user = "two-worlds";
        await Api.CreateReadyUserAsync(user);
        await Api.CreateSpaceAsync("world", user);
        await Api.CreateJupyterLabAppAsync("world");
        await Api.WaitForJupyterLabStatusAsync("world", "InService", TimeSpan.FromSeconds(60));

        using var classic = new StudioBrowser(Host.Origin);
        using (var login = await classic.LoginAsync(await Api.CreatePresignedDomainUrlAsync(user)))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }

        using var space = StudioBrowser.ForSpace(Host.SpaceOrigin);
        using (var login = await space.LoginAsync(await Api.CreatePresignedSpaceUrlAsync(user, "world")))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }

        var classicSession = classic.Cookies.GetCookies(Host.Origin)["sandbox-studio-session"]!.Value;
        var spaceSession = space.Cookies.GetCookies(Host.SpaceOrigin)["sandbox-studio-session"]!.Value;

        // Each session reaches its own Jupyter.
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(DomainOrigin, "/jupyter/default/api/status", classicSession));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(SpaceOrigin, "/jupyterlab/default/api/status", spaceSession));

        // A session taken to the other origin is no session there.
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(SpaceOrigin, "/jupyterlab/default/api/status", classicSession));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(DomainOrigin, "/jupyter/default/api/status", spaceSession));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(SpaceOrigin, "/app?appType=JupyterLab&appName=default", classicSession));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(DomainOrigin, "/app?appType=JupyterServer&appName=default", spaceSession));

        // Each origin serves only its own paths: no Classic Jupyter, API or admin on the space origin, no JupyterLab on the domain's.
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(SpaceOrigin, "/jupyter/default/api/status", spaceSession));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(SpaceOrigin, "/_sandbox/faults", spaceSession));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(DomainOrigin, "/jupyterlab/default/api/status", classicSession));
        using var apiOnSpaceOrigin = new SageMakerTestClient(Host.SpaceOrigin, SandboxHost.Region, SandboxHost.AccessKeyId, SandboxHost.SecretAccessKey);
        using var signed = apiOnSpaceOrigin.Sign("DescribeDomain", JsonSerializer.SerializeToUtf8Bytes(new { DomainId = SandboxHost.DomainId }), SandboxHost.SecretAccessKey, DateTimeOffset.UtcNow);
        using var apiClient = new HttpClient();
        signed.RequestUri = new Uri(Host.SpaceOrigin, "/");
        using var api = await apiClient.SendAsync(signed);
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);

        using var status = await space.GetAsync("/app?appType=JupyterLab&appName=default");
        Assert.Equal("InService", await status.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task JupyterLabOnTheSpaceOriginAllowsEveryOriginAsSageMakerStartsIt()
    {
        await Api.CreateReadySpaceAsync("guarded", "guarded-owner");
        using var browser = StudioBrowser.ForSpace(Host.SpaceOrigin);
        using (var login = await browser.LoginAsync(await Api.CreatePresignedSpaceUrlAsync("guarded-owner", "guarded")))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }

        var terminal = await browser.CreateTerminalAsync();
        // SageMaker Distribution starts JupyterLab with --ServerApp.allow_origin='*': no Origin is foreign to it.
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await browser.WebSocketHandshakeStatusAsync(terminal, SpaceOrigin));
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await browser.WebSocketHandshakeStatusAsync(terminal, DomainOrigin));
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await browser.WebSocketHandshakeStatusAsync(terminal, "http://evil.example"));
        using (var crossOrigin = await browser.PostTerminalAsync(origin: "http://evil.example"))
        {
            Assert.Equal(HttpStatusCode.OK, crossOrigin.StatusCode);
        }

        // XSRF still holds: without X-XSRFToken a POST is refused.
        using var withoutXsrf = await browser.PostTerminalAsync(sendXsrf: false, origin: "http://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, withoutXsrf.StatusCode);
    }

    private async Task<string> RefusedAsync(object presign)
    {
        var (status, body) = await Api.CallAsync("CreatePresignedDomainUrl", presign);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("ValidationException", body.GetProperty("__type").GetString());
        return body.GetProperty("message").GetString()!;
    }

    /// <summary>A GET with only the given session cookie, as a client that carries a cookie wherever it likes.</summary>
    private static async Task<HttpStatusCode> StatusAsync(string origin, string pathAndQuery, string session)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, origin + pathAndQuery);
        request.Headers.Add("Cookie", $"sandbox-studio-session={session}");
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
