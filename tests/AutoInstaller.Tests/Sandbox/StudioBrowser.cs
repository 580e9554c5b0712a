using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;

namespace AutoInstaller.Tests.Sandbox;

/// <summary>
/// A cookie session against the sandbox's Studio front door, doing what the function does: follow the presigned
/// URL (a space's is on the space origin), take <c>_xsrf</c>, call Jupyter's REST API and open terminal websockets.
/// <see cref="Origin"/> and <see cref="BasePath"/> say where the app's Jupyter is: the domain's origin and
/// <c>/jupyter/default/</c> for Studio Classic, the space origin and <c>/jupyterlab/default/</c> for a space.
/// </summary>
public sealed class StudioBrowser : IDisposable
{
    public const string ClassicBasePath = "/jupyter/default/";
    public const string JupyterLabBasePath = "/jupyterlab/default/";

    private readonly HttpClient _http;

    public StudioBrowser(Uri origin, bool followRedirects = true, string basePath = ClassicBasePath)
    {
        Origin = origin;
        BasePath = basePath;
        _http = new HttpClient(new SocketsHttpHandler { CookieContainer = Cookies, AllowAutoRedirect = followRedirects }) { BaseAddress = origin };
    }

    /// <summary>The origin of the app's Jupyter, where relative requests go.</summary>
    public Uri Origin { get; }

    /// <summary>Jupyter's base path on <see cref="Origin"/>.</summary>
    public string BasePath { get; }

    public CookieContainer Cookies { get; } = new();

    /// <summary>Jupyter's <c>_xsrf</c> cookie for its base path, once Jupyter set it.</summary>
    public string? Xsrf => Cookies.GetCookies(new Uri(Origin, BasePath))["_xsrf"]?.Value;

    /// <summary>A browser for a space's JupyterLab on the space origin; it logs in with the space's presigned URL.</summary>
    public static StudioBrowser ForSpace(Uri spaceOrigin, bool followRedirects = true) => new(spaceOrigin, followRedirects, JupyterLabBasePath);

    /// <summary>An expired, used or unknown presigned URL: a redirect to the AWS sign-in page, off Studio (never followed).</summary>
    public static void AssertSentToSignIn(HttpResponseMessage login)
    {
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("https://signin.aws.amazon.com", login.Headers.Location!.GetLeftPart(UriPartial.Authority));
    }

    public Task<HttpResponseMessage> GetAsync(string pathAndQuery, CancellationToken cancellationToken = default) =>
        _http.GetAsync(pathAndQuery, cancellationToken);

    public Task<HttpResponseMessage> LoginAsync(Uri authorizedUrl, CancellationToken cancellationToken = default) =>
        _http.GetAsync(authorizedUrl, cancellationToken);

    /// <summary><c>POST api/terminals</c>, with the <c>X-XSRFToken</c> header unless told otherwise.</summary>
    public async Task<HttpResponseMessage> PostTerminalAsync(bool sendXsrf = true, string? origin = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, BasePath + "api/terminals");
        if (sendXsrf)
        {
            request.Headers.Add("X-XSRFToken", Xsrf ?? throw new InvalidOperationException("No _xsrf cookie: not logged in to a ready app"));
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return await _http.SendAsync(request, cancellationToken);
    }

    /// <summary><c>DELETE api/terminals/NAME</c> with <c>X-XSRFToken</c>, as JupyterLab closes a terminal; its status.</summary>
    public async Task<HttpStatusCode> DeleteTerminalAsync(string name, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, BasePath + "api/terminals/" + name);
        request.Headers.Add("X-XSRFToken", Xsrf ?? throw new InvalidOperationException("No _xsrf cookie: not logged in to a ready app"));
        using var response = await _http.SendAsync(request, cancellationToken);
        return response.StatusCode;
    }

    public async Task<string> CreateTerminalAsync(CancellationToken cancellationToken = default)
    {
        using var response = await PostTerminalAsync(cancellationToken: cancellationToken);
        response.EnsureSuccessStatusCode();
        var terminal = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return terminal.GetProperty("name").GetString()!;
    }

    /// <summary>Opens <c>terminals/websocket/NAME</c> with the session's cookies and, if given, an Origin header.</summary>
    public async Task<TerminalSocket> ConnectTerminalAsync(string name, string? origin = null, CancellationToken cancellationToken = default)
    {
        var socket = NewTerminalSocket(origin);
        try
        {
            await socket.ConnectAsync(TerminalSocketUri(name), cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new TerminalSocket(socket);
    }

    /// <summary>The HTTP status a websocket handshake got, for refusals.</summary>
    public async Task<HttpStatusCode> WebSocketHandshakeStatusAsync(string name, string? origin, CancellationToken cancellationToken = default)
    {
        using var socket = NewTerminalSocket(origin);
        try
        {
            await socket.ConnectAsync(TerminalSocketUri(name), cancellationToken);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", cancellationToken);
        }
        catch (WebSocketException)
        {
            // The handshake was refused; its status is below.
        }

        return socket.HttpStatusCode;
    }

    public void Dispose() => _http.Dispose();

    /// <summary>A websocket with the session's cookies, the handshake's details kept and, if given, an Origin header.</summary>
    private ClientWebSocket NewTerminalSocket(string? origin)
    {
        var socket = new ClientWebSocket();
        socket.Options.Cookies = Cookies;
        socket.Options.CollectHttpResponseDetails = true;
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        return socket;
    }

    private Uri TerminalSocketUri(string name) =>
        new UriBuilder(Origin) { Scheme = "ws", Path = $"{BasePath}terminals/websocket/{name}" }.Uri;
}
