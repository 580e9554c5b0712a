using System.Collections.Concurrent;

namespace StudioSandbox.Admin;

/// <summary>
/// Every login token and session cookie the sandbox issued and every <c>_xsrf</c> value and identity cookie
/// (<c>username-HOST-PORT</c>, set by jupyter_server 2.x) it saw Jupyter set, so a test can scan logs and outputs for leaks.
/// </summary>
internal sealed class IssuedSecrets
{
    private readonly ConcurrentQueue<string> _loginTokens = new();
    private readonly ConcurrentQueue<string> _jupyterIdentityCookies = new();
    private readonly ConcurrentQueue<string> _sessionCookies = new();
    private readonly ConcurrentQueue<string> _xsrfTokens = new();

    public void LoginToken(string value) => _loginTokens.Enqueue(value);

    public void JupyterIdentityCookie(string value)
    {
        if (!_jupyterIdentityCookies.Contains(value))
        {
            _jupyterIdentityCookies.Enqueue(value);
        }
    }

    public void SessionCookie(string value) => _sessionCookies.Enqueue(value);

    public void XsrfToken(string value)
    {
        if (!_xsrfTokens.Contains(value))
        {
            _xsrfTokens.Enqueue(value);
        }
    }

    public object Snapshot() => new
    {
        loginTokens = _loginTokens.ToArray(),
        sessionCookies = _sessionCookies.ToArray(),
        xsrfTokens = _xsrfTokens.ToArray(),
        jupyterIdentityCookies = _jupyterIdentityCookies.ToArray(),
    };
}
