using System.Collections.Concurrent;

namespace StudioSandbox.Admin;

/// <summary>
/// Every login token, hand-off token (domain origin to space origin) and session cookie the sandbox issued and every
/// <c>_xsrf</c> value it saw Jupyter set, so a test can scan logs and outputs for leaks.
/// </summary>
internal sealed class IssuedSecrets
{
    private readonly ConcurrentQueue<string> _loginTokens = new();
    private readonly ConcurrentQueue<string> _handoffTokens = new();
    private readonly ConcurrentQueue<string> _sessionCookies = new();
    private readonly ConcurrentQueue<string> _xsrfTokens = new();

    public void LoginToken(string value) => _loginTokens.Enqueue(value);

    public void HandoffToken(string value) => _handoffTokens.Enqueue(value);

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
        handoffTokens = _handoffTokens.ToArray(),
        sessionCookies = _sessionCookies.ToArray(),
        xsrfTokens = _xsrfTokens.ToArray(),
    };
}
