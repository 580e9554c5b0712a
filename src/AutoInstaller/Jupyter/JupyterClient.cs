using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace AutoInstaller.Jupyter;

/// <summary>
/// The REST API and terminal websockets of one Jupyter server, at a base URI such as
/// <c>https://host/jupyter/default/</c> or <c>http://127.0.0.1:8888/</c>. The caller owns the
/// <see cref="HttpClient"/> and its handler (cookies, redirects, TLS, timeouts).
/// </summary>
internal sealed class JupyterClient
{
    private readonly HttpClient http;
    private readonly JupyterAuthentication authentication;

    public JupyterClient(Uri baseUri, HttpClient http, JupyterAuthentication authentication)
    {
        if (!baseUri.IsAbsoluteUri || (baseUri.Scheme != Uri.UriSchemeHttp && baseUri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("the Jupyter base URI must be an absolute http or https URI", nameof(baseUri));
        }

        BaseUri = baseUri.AbsolutePath.EndsWith('/') ? baseUri : new Uri(baseUri.GetLeftPart(UriPartial.Path) + "/");
        this.http = http;
        this.authentication = authentication;
    }

    /// <summary>The base URI, always ending in <c>/</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>How long opening a terminal websocket may take (the REST calls are bounded by the client's timeout).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary><c>GET api/status</c>: answers once the server is up and accepts the credentials.</summary>
    public async Task<JupyterServerStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, "api/status", "get server status", cancellationToken).ConfigureAwait(false);
        return await ReadJsonAsync(response, JupyterJsonContext.Default.JupyterServerStatus, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>POST api/terminals</c>: starts a login shell in a new terminal and returns the terminal's name.</summary>
    public async Task<string> CreateTerminalAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, "api/terminals", "create terminal", cancellationToken).ConfigureAwait(false);
        return (await ReadJsonAsync(response, JupyterJsonContext.Default.TerminalModel, cancellationToken).ConfigureAwait(false)).Name;
    }

    /// <summary><c>GET api/terminals</c>: the names of the running terminals.</summary>
    public async Task<IReadOnlyList<string>> ListTerminalsAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, "api/terminals", "list terminals", cancellationToken).ConfigureAwait(false);
        var terminals = await ReadJsonAsync(response, JupyterJsonContext.Default.ListTerminalModel, cancellationToken).ConfigureAwait(false);
        return terminals.ConvertAll(terminal => terminal.Name);
    }

    /// <summary>
    /// <c>DELETE api/terminals/&lt;name&gt;</c>: ends the shell; open connections get the terminal's disconnect.
    /// Returns false when the terminal was already gone.
    /// </summary>
    public async Task<bool> DeleteTerminalAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            HttpMethod.Delete, $"api/terminals/{Uri.EscapeDataString(name)}", "delete terminal", cancellationToken, HttpStatusCode.NotFound).ConfigureAwait(false);
        return response.StatusCode != HttpStatusCode.NotFound;
    }

    /// <summary>
    /// Opens the terminal's websocket, <c>ws(s)://host&lt;base&gt;terminals/websocket/&lt;name&gt;</c>, with the
    /// client's credentials and no <c>Origin</c> header (Jupyter refuses a foreign origin), within
    /// <see cref="ConnectTimeout"/>.
    /// </summary>
    /// <exception cref="JupyterApiException">The server refused the websocket (e.g. 404 for an unknown terminal), could not be
    /// reached or did not answer in time (transient).</exception>
    public async Task<TerminalConnection> ConnectTerminalAsync(string name, CancellationToken cancellationToken)
    {
        const string operation = "connect terminal websocket";
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
        socket.Options.KeepAliveTimeout = TimeSpan.FromSeconds(15);
        authentication.Authorize(socket.Options);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(ConnectTimeout);
        try
        {
            await socket.ConnectAsync(TerminalWebSocketUri(name), attempt.Token).ConfigureAwait(false);
        }
        catch (WebSocketException e) when (!cancellationToken.IsCancellationRequested)
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            throw status == 0 ? JupyterApiException.Unreachable(operation, e) : new JupyterApiException(operation, status, serverMessage: null, e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw JupyterApiException.Unreachable(operation, new TimeoutException($"no answer within {ConnectTimeout.TotalSeconds:0.###} s", e));
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new TerminalConnection(name, socket);
    }

    private Uri TerminalWebSocketUri(string name) =>
        new UriBuilder(new Uri(BaseUri, $"terminals/websocket/{Uri.EscapeDataString(name)}"))
        {
            Scheme = BaseUri.Scheme == Uri.UriSchemeHttps ? Uri.UriSchemeWss : Uri.UriSchemeWs,
        }.Uri;

    private async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string path, string operation, CancellationToken cancellationToken, HttpStatusCode? alsoAccepted = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(BaseUri, path));
        await authentication.AuthorizeAsync(request, http, BaseUri, cancellationToken).ConfigureAwait(false);
        var response = await JupyterTransport.SendAsync(http, request, operation, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode || response.StatusCode == alsoAccepted)
        {
            return response;
        }

        using (response)
        {
            throw new JupyterApiException(operation, response.StatusCode, await ReadServerMessageAsync(response, cancellationToken).ConfigureAwait(false));
        }
    }

    private static async Task<string?> ReadServerMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/json")
        {
            return null;
        }

        try
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return JsonSerializer.Deserialize(body, JupyterJsonContext.Default.JupyterErrorBody)?.Message;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Deserialize(body, type)
            ?? throw new JsonException($"Jupyter answered null for {typeof(T).Name}");
    }
}
