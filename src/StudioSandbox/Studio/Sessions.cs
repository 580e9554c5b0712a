using System.Collections.Concurrent;
using StudioSandbox.Admin;

namespace StudioSandbox.Studio;

/// <summary>
/// Logged-in Studio sessions: an HttpOnly cookie bound to one user profile, and for a space also to that space.
/// A user's session is good only on the domain's origin, a space session only on the space origin.
/// </summary>
internal sealed class Sessions(TimeProvider time, IssuedSecrets secrets)
{
    public const string CookieName = "sandbox-studio-session";

    private readonly ConcurrentDictionary<string, (StudioSession Session, DateTimeOffset ExpiresAt)> _sessions = new(StringComparer.Ordinal);

    public string Create(StudioSession session, TimeSpan lifetime)
    {
        var value = SecretValues.New();
        _sessions[value] = (session, time.GetUtcNow() + lifetime);
        secrets.SessionCookie(value);
        return value;
    }

    /// <summary>The request's live session, if it is one for this origin: a space session on the space origin, a user's on the domain's.</summary>
    public StudioSession? Find(HttpRequest request, bool onSpaceOrigin)
    {
        var value = request.Cookies[CookieName];
        if (value is null || !_sessions.TryGetValue(value, out var entry) || time.GetUtcNow() >= entry.ExpiresAt)
        {
            return null;
        }

        return (entry.Session.SpaceName is not null) == onSpaceOrigin ? entry.Session : null;
    }
}

/// <summary>Who a session is for: a user profile, in Studio Classic (no space) or in one space.</summary>
internal sealed record StudioSession(string UserProfileName, string? SpaceName)
{
    /// <summary>The owner of the Jupyter app the session opens: its space, or in Studio Classic its user profile.</summary>
    public string AppOwnerName => SpaceName ?? UserProfileName;

    /// <summary>For the log: <c>user alice</c>, <c>user alice in space team</c>.</summary>
    public override string ToString() => SpaceName is null ? $"user {UserProfileName}" : $"user {UserProfileName} in space {SpaceName}";
}
