using System.Net;
using System.Net.WebSockets;

namespace AutoInstaller.Jupyter;

/// <summary>How a <see cref="JupyterClient"/> proves who it is: a token, or a logged-in cookie session.</summary>
internal abstract class JupyterAuthentication
{
    /// <summary><c>Authorization: token &lt;token&gt;</c> on every request and on the websocket; no XSRF needed.</summary>
    public static JupyterAuthentication WithToken(string token) => new TokenAuthentication(token);

    /// <summary>
    /// The cookies of a session that is already logged in. The <see cref="HttpClient"/> given to the client
    /// must send and store cookies in this same container; the websocket is given it too.
    /// </summary>
    public static JupyterAuthentication WithCookies(CookieContainer cookies) => new CookieSessionAuthentication(cookies);

    /// <summary>Adds what the request needs to pass Jupyter's checks.</summary>
    public abstract ValueTask AuthorizeAsync(HttpRequestMessage request, HttpClient http, Uri baseUri, CancellationToken cancellationToken);

    public abstract void Authorize(ClientWebSocketOptions options);
}
