using System.Net;
using System.Net.WebSockets;
using AutoInstaller.Jupyter;

namespace AutoInstaller.Tests.Jupyter;

/// <summary>Jupyter's XSRF and Origin checks on a cookie session, and how the client passes them.</summary>
public sealed class CookieModeSecurityTests(CookieJupyterServerFixture fixture) : IClassFixture<CookieJupyterServerFixture>, IDisposable
{
    private readonly CancellationTokenSource timeout = new(TimeSpan.FromSeconds(60));

    private CancellationToken Timeout => timeout.Token;

    public void Dispose() => timeout.Dispose();

    [Fact]
    public async Task JupyterRefusesAPostWithoutTheXsrfHeaderWhileTheClientPasses()
    {
        using var session = fixture.OpenSession();
        using (await session.Http.GetAsync(fixture.Server.BaseUri, Timeout))
        {
            Assert.NotNull(session.Cookies.GetCookies(fixture.Server.BaseUri)["_xsrf"]);
        }

        using var raw = await session.Http.PostAsync(new Uri(fixture.Server.BaseUri, "api/terminals"), content: null, Timeout);
        Assert.Equal(HttpStatusCode.Forbidden, raw.StatusCode);
        Assert.Contains("_xsrf", await raw.Content.ReadAsStringAsync(Timeout), StringComparison.Ordinal);

        var name = await session.Client.CreateTerminalAsync(Timeout);
        Assert.True(await session.Client.DeleteTerminalAsync(name, Timeout));
    }

    [Fact]
    public async Task ClientLoadsTheXsrfCookieBeforeItsFirstStateChangingCall()
    {
        using var session = fixture.OpenSession();
        Assert.Empty(session.Cookies.GetAllCookies());

        var name = await session.Client.CreateTerminalAsync(Timeout);

        Assert.NotNull(session.Cookies.GetCookies(fixture.Server.BaseUri)["_xsrf"]);
        Assert.True(await session.Client.DeleteTerminalAsync(name, Timeout));
    }

    [Fact]
    public async Task ServerThatSetsNoXsrfCookieIsATypedError()
    {
        using var session = JupyterSession.Open(fixture.Server, new Uri(fixture.Server.BaseUri, "api/"));

        var missing = await Assert.ThrowsAsync<MissingXsrfCookieException>(() => session.Client.CreateTerminalAsync(Timeout));

        Assert.StartsWith("no _xsrf cookie", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JupyterRefusesATerminalWebSocketFromAForeignOriginWhileTheClientConnects()
    {
        using var session = fixture.OpenSession();
        var name = await session.Client.CreateTerminalAsync(Timeout);
        using var foreign = new ClientWebSocket();
        foreign.Options.CollectHttpResponseDetails = true;
        foreign.Options.Cookies = session.Cookies;
        foreign.Options.SetRequestHeader("Origin", "https://attacker.example");
        var socketUri = new UriBuilder(new Uri(fixture.Server.BaseUri, $"terminals/websocket/{name}")) { Scheme = "ws" }.Uri;

        await Assert.ThrowsAsync<WebSocketException>(() => foreign.ConnectAsync(socketUri, Timeout));
        Assert.Equal(HttpStatusCode.Forbidden, foreign.HttpStatusCode);

        await using var connection = await session.Client.ConnectTerminalAsync(name, Timeout);
        Assert.IsType<TerminalSetup>(await connection.ReceiveAsync(Timeout));
        Assert.True(await session.Client.DeleteTerminalAsync(name, Timeout));
    }
}
