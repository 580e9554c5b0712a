using AutoInstaller.Failures;

namespace AutoInstaller.Jupyter;

/// <summary>
/// A cookie session has no <c>_xsrf</c> cookie for the server, even after loading the server's base page and
/// following its redirects on the server's origin, so no state-changing call can pass Jupyter's XSRF check.
/// </summary>
internal sealed class MissingXsrfCookieException(Uri baseUri, Uri lastPage, int pageStatus)
    : ClassifiedException($"no _xsrf cookie: the server is not ready or the session is not logged in (GET {baseUri.AbsolutePath} ended at {Describe(baseUri, lastPage)}, which answered {pageStatus})")
{
    public override FailureKind Kind => FailureKind.Transient;

    /// <summary>A server that is restarting has no session yet.</summary>
    public override bool IsConnectionLoss => true;

    /// <summary>The last page's path on the server's origin, or only the origin of a page elsewhere (its path is not ours to log).</summary>
    private static string Describe(Uri baseUri, Uri page) =>
        page.GetLeftPart(UriPartial.Authority) == baseUri.GetLeftPart(UriPartial.Authority) ? page.AbsolutePath : $"{page.Scheme}://{page.Authority}";
}
