using System.Net;
using AutoInstaller.Jupyter;
using AutoInstaller.SageMaker;

namespace AutoInstaller.Studio;

/// <summary>
/// A cookie session with the Studio host of one app: the domain's origin for Studio Classic, the space's own origin
/// (from <c>DescribeSpace</c>) for a space's app. Login fetches the presigned URL, which must be on that origin, and
/// follows its redirects only there; a URL or redirect elsewhere is refused before anything is sent there, except
/// the AWS sign-in page an expired presigned URL redirects to (<see cref="SignInPage"/>), which is a transient failure
/// that a fresh presigned URL cures.
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

    /// <summary>The one origin this session sends presigned URLs and cookies to: where the app is served.</summary>
    public StudioOrigin Origin { get; }

    public async Task LoginAsync(PresignedUrl url, CancellationToken cancellationToken)
    {
        var next = url.Value;
        if (!Origin.Contains(next))
        {
            throw new StudioLoginException($"the presigned URL is for {next.Scheme}://{next.Authority}, not the app's Studio origin {Origin}", transient: false);
        }

        for (var hop = 0; hop <= MaxRedirects; hop++)
        {
            using var response = await GetAsync(next, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                next = location.IsAbsoluteUri ? location : new Uri(next, location);
                if (SignInPage.Contains(next))
                {
                    throw new StudioLoginException($"login redirected to the AWS sign-in page ({next.Scheme}://{next.Authority}): the presigned URL had expired or was used", transient: true);
                }

                if (!Origin.Contains(next))
                {
                    throw new StudioLoginException($"login redirected to {next.Scheme}://{next.Authority}, outside the app's Studio origin {Origin}", transient: false);
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

    /// <summary>The Jupyter server behind this session, authenticated by its cookies and Jupyter's XSRF cookie.</summary>
    public JupyterClient Jupyter(Uri baseUri) => new(baseUri, http, JupyterAuthentication.WithCookies(cookies));

    public void Dispose() => http.Dispose();
}
