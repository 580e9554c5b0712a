using System.Net.Http.Headers;
using System.Net.WebSockets;

namespace AutoInstaller.Jupyter;

/// <summary>Token authentication: Jupyter skips the XSRF check for token-authenticated requests.</summary>
internal sealed class TokenAuthentication(string token) : JupyterAuthentication
{
    public override ValueTask AuthorizeAsync(HttpRequestMessage request, HttpClient http, Uri baseUri, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("token", token);
        return ValueTask.CompletedTask;
    }

    public override void Authorize(ClientWebSocketOptions options) => options.SetRequestHeader("Authorization", $"token {token}");
}
