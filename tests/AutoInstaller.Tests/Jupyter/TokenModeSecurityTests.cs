using System.Net;
using AutoInstaller.Jupyter;
using AutoInstaller.Tests.Reliability;

namespace AutoInstaller.Tests.Jupyter;

/// <summary>
/// Wrong credentials are refused over HTTP and on the websocket, and never show in the error. The errors also go to
/// the run-wide secret scan, which knows the server's real token.
/// </summary>
public sealed class TokenModeSecurityTests(TokenJupyterServerFixture fixture) : IClassFixture<TokenJupyterServerFixture>, IDisposable
{
    private const string WrongToken = "wrong-token-5c1d9e";
    private readonly CancellationTokenSource timeout = new(TimeSpan.FromSeconds(60));

    private CancellationToken Timeout => timeout.Token;

    public void Dispose() => timeout.Dispose();

    [Fact]
    public async Task WrongTokenIsRefusedOverHttpWithoutShowingTheToken()
    {
        using var session = JupyterSession.Open(fixture.Server, authentication: JupyterAuthentication.WithToken(WrongToken));

        var refused = await Assert.ThrowsAsync<JupyterApiException>(() => session.Client.GetStatusAsync(Timeout));

        RunEvidence.Text("Jupyter client exception", refused.ToString());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain(WrongToken, refused.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongTokenIsRefusedOnTheTerminalWebSocket()
    {
        using var good = fixture.OpenSession();
        using var bad = JupyterSession.Open(fixture.Server, authentication: JupyterAuthentication.WithToken(WrongToken));
        var name = await good.Client.CreateTerminalAsync(Timeout);

        var refused = await Assert.ThrowsAsync<JupyterApiException>(() => bad.Client.ConnectTerminalAsync(name, Timeout));

        RunEvidence.Text("Jupyter client exception", refused.ToString());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain(WrongToken, refused.ToString(), StringComparison.Ordinal);
        Assert.True(await good.Client.DeleteTerminalAsync(name, Timeout));
    }

    [Fact]
    public async Task CookieSessionThatIsNotLoggedInIsRefusedWithoutShowingTheXsrfValue()
    {
        using var session = JupyterSession.Open(fixture.Server, cookieSession: true);

        var refused = await Assert.ThrowsAsync<JupyterApiException>(() => session.Client.CreateTerminalAsync(Timeout));

        var xsrf = session.Cookies.GetCookies(fixture.Server.BaseUri)["_xsrf"];
        Assert.NotNull(xsrf);
        RunEvidence.Text("Jupyter client exception", refused.ToString());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain(xsrf.Value, refused.ToString(), StringComparison.Ordinal);
    }
}
