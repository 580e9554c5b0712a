using System.Net;
using StudioSandbox.Admin;
using Yarp.ReverseProxy.Forwarder;

namespace StudioSandbox.Jupyter;

/// <summary>
/// Forwards requests to a user's Jupyter server as they came, with the client's own Host, so Jupyter's Origin
/// and XSRF checks see what they would see behind Studio. Notes every <c>_xsrf</c> cookie and every identity cookie
/// (<c>username-HOST-PORT</c>, jupyter_server 2.x) Jupyter sets, and of a terminal websocket, when its first stdin frame passes.
/// </summary>
internal sealed class JupyterTransformer(IssuedSecrets secrets, int? websocketDropAfterFrames, Action? onFirstStdin) : HttpTransformer
{
    private const string XsrfCookiePrefix = "_xsrf=";
    private const string IdentityCookiePrefix = "username-";

    public override async ValueTask TransformRequestAsync(
        HttpContext httpContext,
        HttpRequestMessage proxyRequest,
        string destinationPrefix,
        CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        proxyRequest.Headers.Host = httpContext.Request.Host.Value;
    }

    public override async ValueTask<bool> TransformResponseAsync(
        HttpContext httpContext,
        HttpResponseMessage? proxyResponse,
        CancellationToken cancellationToken)
    {
        var copyBody = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        if (proxyResponse is null)
        {
            return copyBody;
        }

        if (proxyResponse.Headers.TryGetValues("Set-Cookie", out var cookies))
        {
            foreach (var cookie in cookies)
            {
                var value = cookie.Split(';')[0];
                var equals = value.IndexOf('=');
                if (cookie.StartsWith(XsrfCookiePrefix, StringComparison.Ordinal))
                {
                    secrets.XsrfToken(value[XsrfCookiePrefix.Length..]);
                }
                else if (cookie.StartsWith(IdentityCookiePrefix, StringComparison.Ordinal) && equals > 0 && equals < value.Length - 1)
                {
                    secrets.JupyterIdentityCookie(value[(equals + 1)..].Trim('"'));
                }
            }
        }

        if (onFirstStdin is not null && proxyResponse.StatusCode == HttpStatusCode.SwitchingProtocols)
        {
            proxyResponse.Content = new UpgradedStreamContent(proxyResponse.Content, stream => new StdinWatchingStream(stream, onFirstStdin));
        }

        if (websocketDropAfterFrames is { } frames && proxyResponse.StatusCode == HttpStatusCode.SwitchingProtocols)
        {
            proxyResponse.Content = new UpgradedStreamContent(proxyResponse.Content, stream => new FrameLimitedStream(stream, frames));
        }

        return copyBody;
    }
}
