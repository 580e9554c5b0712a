using System.Net;
using System.Net.WebSockets;

namespace AutoInstaller.Jupyter;

/// <summary>
/// Cookie authentication. State-changing requests echo the <c>_xsrf</c> cookie as <c>X-XSRFToken</c>; when the
/// session has none yet, a <c>GET</c> of the base page gets one (jupyter_server sets it on every HTML page,
/// error pages included, but not on <c>api/*</c>).
/// </summary>
internal sealed class CookieSessionAuthentication(CookieContainer cookies) : JupyterAuthentication
{
    private const string XsrfCookie = "_xsrf";

    public override async ValueTask AuthorizeAsync(HttpRequestMessage request, HttpClient http, Uri baseUri, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Get || request.Method == HttpMethod.Head)
        {
            return;
        }

        var xsrf = cookies.GetCookies(baseUri)[XsrfCookie] ?? await LoadXsrfCookieAsync(http, baseUri, cancellationToken).ConfigureAwait(false);
        request.Headers.Add("X-XSRFToken", xsrf.Value);
    }

    public override void Authorize(ClientWebSocketOptions options) => options.Cookies = cookies;

    private async Task<Cookie> LoadXsrfCookieAsync(HttpClient http, Uri baseUri, CancellationToken cancellationToken)
    {
        const string operation = "load the base page for an _xsrf cookie";
        using var page = new HttpRequestMessage(HttpMethod.Get, baseUri);
        HttpStatusCode status;
        using (var response = await JupyterTransport.SendAsync(http, page, operation, cancellationToken).ConfigureAwait(false))
        {
            status = response.StatusCode;
        }

        if (cookies.GetCookies(baseUri)[XsrfCookie] is { } xsrf)
        {
            return xsrf;
        }

        if (status >= HttpStatusCode.InternalServerError)
        {
            throw new JupyterApiException(operation, status, serverMessage: null);
        }

        throw new MissingXsrfCookieException(baseUri, (int)status);
    }
}
