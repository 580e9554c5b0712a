using System.Collections.Concurrent;
using StudioSandbox.Admin;

namespace StudioSandbox.Studio;

/// <summary>Logged-in Studio sessions: an HttpOnly cookie bound to one user profile.</summary>
internal sealed class Sessions(TimeProvider time, IssuedSecrets secrets)
{
    public const string CookieName = "sandbox-studio-session";

    private readonly ConcurrentDictionary<string, (string UserProfileName, DateTimeOffset ExpiresAt)> _sessions = new(StringComparer.Ordinal);

    public string Create(string userProfileName, TimeSpan lifetime)
    {
        var value = SecretValues.New();
        _sessions[value] = (userProfileName, time.GetUtcNow() + lifetime);
        secrets.SessionCookie(value);
        return value;
    }

    /// <summary>The user profile of the request's session, if it carries a live one.</summary>
    public string? UserOf(HttpRequest request)
    {
        var value = request.Cookies[CookieName];
        if (value is null || !_sessions.TryGetValue(value, out var session))
        {
            return null;
        }

        return time.GetUtcNow() < session.ExpiresAt ? session.UserProfileName : null;
    }
}
