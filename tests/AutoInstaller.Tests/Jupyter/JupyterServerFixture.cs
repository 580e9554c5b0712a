using System.Net;
using AutoInstaller.Jupyter;

namespace AutoInstaller.Tests.Jupyter;

/// <summary>One real Jupyter server shared by the tests of a class (<c>IClassFixture</c>).</summary>
public abstract class JupyterServerFixture(JupyterServerAuth auth, string baseUrl) : IAsyncLifetime
{
    private JupyterServer? server;

    public JupyterServer Server => server ?? throw new InvalidOperationException("the server has not started");

    public async Task InitializeAsync() => server = await JupyterServer.StartAsync(auth, baseUrl);

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>A client with the server's credentials: its token, or a fresh cookie session.</summary>
    internal JupyterSession OpenSession() => JupyterSession.Open(Server);
}

/// <summary>A token-mode server at <c>/</c>.</summary>
public sealed class TokenJupyterServerFixture() : JupyterServerFixture(JupyterServerAuth.Token, "/");

/// <summary>A cookie-mode server under Studio's base URL, <c>/jupyter/default/</c>.</summary>
public sealed class CookieJupyterServerFixture() : JupyterServerFixture(JupyterServerAuth.Cookies, "/jupyter/default/");

/// <summary>An <see cref="HttpClient"/> with its own cookie container, and a <see cref="JupyterClient"/> over it.</summary>
internal sealed class JupyterSession : IDisposable
{
    private JupyterSession(CookieContainer cookies, HttpClient http, JupyterClient client)
    {
        Cookies = cookies;
        Http = http;
        Client = client;
    }

    public CookieContainer Cookies { get; }

    public HttpClient Http { get; }

    public JupyterClient Client { get; }

    /// <summary>
    /// Opens a session with the given authentication, else with the server's token, else (or when
    /// <paramref name="cookieSession"/> is set) as a cookie session over the session's own container.
    /// </summary>
    public static JupyterSession Open(
        JupyterServer server, Uri? baseUri = null, JupyterAuthentication? authentication = null, bool cookieSession = false)
    {
        var cookies = new CookieContainer();
        var http = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, UseProxy = false });
        authentication ??= server.Token is { } token && !cookieSession
            ? JupyterAuthentication.WithToken(token)
            : JupyterAuthentication.WithCookies(cookies);
        return new JupyterSession(cookies, http, new JupyterClient(baseUri ?? server.BaseUri, http, authentication));
    }

    public void Dispose() => Http.Dispose();
}
