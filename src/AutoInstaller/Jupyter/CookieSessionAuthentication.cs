using System.Net;
using System.Net.WebSockets;

namespace AutoInstaller.Jupyter;

/// <summary>
/// Cookie authentication. State-changing requests echo the <c>_xsrf</c> cookie as <c>X-XSRFToken</c>; when the
/// session has none yet, a <c>GET</c> of the base page gets one. jupyter_server sets it on every HTML page, error
/// pages included, but not on <c>api/*</c>; with JupyterLab installed the base page is a 302 to <c>lab</c> without
/// <c>Set-Cookie</c>, so redirects are followed, on the server's own origin only, until a page sets it.
/// </summary>
internal sealed class CookieSessionAuthentication(CookieContainer cookies) : JupyterAuthentication
{
    private const string XsrfCookie = "_xsrf";
    private const int MaxRedirects = 5;

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
        var page = baseUri;
        for (var hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, page);
            HttpStatusCode status;
            Uri? location;
            using (var response = await JupyterTransport.SendAsync(http, request, operation, cancellationToken).ConfigureAwait(false))
            {
                status = response.StatusCode;
                location = response.Headers.Location;
            }

            if (cookies.GetCookies(baseUri)[XsrfCookie] is { } xsrf)
            {
                return xsrf;
            }

            if (status >= HttpStatusCode.InternalServerError)
            {
                throw new JupyterApiException(operation, status, serverMessage: null);
            }

            var next = location is null ? null : location.IsAbsoluteUri ? location : new Uri(page, location);
            if ((int)status is < 300 or >= 400 || next is null || !SameOrigin(next, baseUri) || hop == MaxRedirects)
            {
                throw new MissingXsrfCookieException(baseUri, page, (int)status);
            }

            page = next;
        }
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;
}
