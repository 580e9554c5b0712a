namespace AutoInstaller.Jupyter;

/// <summary>
/// A cookie session has no <c>_xsrf</c> cookie for the server, even after loading the server's base page, so
/// no state-changing call can pass Jupyter's XSRF check.
/// </summary>
internal sealed class MissingXsrfCookieException(Uri baseUri, int pageStatus)
    : Exception($"no _xsrf cookie: the server is not ready or the session is not logged in (GET {baseUri.AbsolutePath} answered {pageStatus})");
