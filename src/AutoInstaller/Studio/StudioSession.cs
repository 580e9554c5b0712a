using System.Net;
using AutoInstaller.Jupyter;
using AutoInstaller.SageMaker;

namespace AutoInstaller.Studio;

/// <summary>
/// A cookie session with Studio for one user. Login fetches the presigned URL, which must be on the domain's Studio
/// origin, and follows its redirects, which may only stay there or go to the app's origin (a space's own Studio host);
/// a URL or redirect elsewhere is refused before anything is sent there.
/// </summary>
internal sealed class StudioSession : IDisposable
{
    private const int MaxRedirects = 5;
    private readonly CookieContainer cookies = new();
    private readonly HttpClient http;

    public StudioSession(StudioOrigin origin, TimeSpan requestTimeout, StudioOrigin? appOrigin = null)
    {
        Origin = origin;
        AppOrigin = appOrigin ?? origin;
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

    /// <summary>The domain's Studio origin, where presigned URLs point.</summary>
    public StudioOrigin Origin { get; }

    /// <summary>Where the app is served: the domain's origin for Studio Classic, the space's for a space's app.</summary>
    public StudioOrigin AppOrigin { get; }

    public async Task LoginAsync(PresignedUrl url, CancellationToken cancellationToken)
    {
        var next = url.Value;
        if (!Origin.Contains(next))
        {
            throw new StudioLoginException($"the presigned URL is for {next.Scheme}://{next.Authority}, not the Studio origin {Origin}", transient: false);
        }

        for (var hop = 0; hop <= MaxRedirects; hop++)
        {
            using var response = await GetAsync(next, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                next = location.IsAbsoluteUri ? location : new Uri(next, location);
                if (!Origin.Contains(next) && !AppOrigin.Contains(next))
                {
                    throw new StudioLoginException($"login redirected to {next.Scheme}://{next.Authority}, outside the Studio origins {Origins}", transient: false);
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

    /// <summary>
    /// One request of the login, bounded by the session's request timeout; no answer (refused, reset, timed out) is a
    /// transient <see cref="StudioLoginException"/>, so that the login is tried again with a fresh URL.
    /// </summary>
    private async Task<HttpResponseMessage> GetAsync(Uri url, CancellationToken cancellationToken)
    {
        try
        {
            return await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new StudioLoginException($"Studio at {url.Scheme}://{url.Authority} could not be reached: {e.Message}", transient: true);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StudioLoginException(
                $"Studio at {url.Scheme}://{url.Authority} did not answer within {http.Timeout.TotalSeconds:0.###} s", transient: true);
        }
    }

    private string Origins => AppOrigin == Origin ? Origin.ToString() : $"{Origin} and {AppOrigin}";

    /// <summary>The Jupyter server behind this session, authenticated by its cookies and Jupyter's XSRF cookie.</summary>
    public JupyterClient Jupyter(Uri baseUri) => new(baseUri, http, JupyterAuthentication.WithCookies(cookies));

    public void Dispose() => http.Dispose();
}
