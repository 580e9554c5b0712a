using System.Net;
using AutoInstaller.Jupyter;
using AutoInstaller.SageMaker;

namespace AutoInstaller.Studio;

/// <summary>
/// A cookie session with Studio for one user. Login fetches the presigned URL and follows its redirects, all on the
/// Studio origin; a URL or redirect elsewhere is refused before anything is sent there.
/// </summary>
internal sealed class StudioSession : IDisposable
{
    private const int MaxRedirects = 5;
    private readonly CookieContainer cookies = new();
    private readonly HttpClient http;

    public StudioSession(StudioOrigin origin, TimeSpan requestTimeout)
    {
        Origin = origin;
        http = new HttpClient(new SocketsHttpHandler
        {
            CookieContainer = cookies,
            UseCookies = true,
            AllowAutoRedirect = false,
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        {
            Timeout = requestTimeout,
        };
    }

    public StudioOrigin Origin { get; }

    public async Task LoginAsync(PresignedUrl url, CancellationToken cancellationToken)
    {
        var next = url.Value;
        if (!Origin.Contains(next))
        {
            throw new StudioLoginException($"the presigned URL is for {next.Scheme}://{next.Authority}, not the Studio origin {Origin}", transient: false);
        }

        for (var hop = 0; hop <= MaxRedirects; hop++)
        {
            using var response = await http.GetAsync(next, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                next = location.IsAbsoluteUri ? location : new Uri(next, location);
                if (!Origin.Contains(next))
                {
                    throw new StudioLoginException($"login redirected to {next.Scheme}://{next.Authority}, outside the Studio origin {Origin}", transient: false);
                }

                continue;
            }

            if (response.IsSuccessStatusCode)
            {
                return;
            }

            throw new StudioLoginException($"Studio refused the login with {status} {response.ReasonPhrase}", transient: true);
        }

        throw new StudioLoginException($"login redirected more than {MaxRedirects} times", transient: true);
    }

    /// <summary>The Jupyter server behind this session, authenticated by its cookies and Jupyter's XSRF cookie.</summary>
    public JupyterClient Jupyter(Uri baseUri) => new(baseUri, http, JupyterAuthentication.WithCookies(cookies));

    public void Dispose() => http.Dispose();
}
