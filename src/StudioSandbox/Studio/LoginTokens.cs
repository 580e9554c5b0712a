using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using StudioSandbox.Admin;

namespace StudioSandbox.Studio;

/// <summary>
/// The one-time tokens of presigned domain URLs, each bound to a user profile (and, for a space's app, the space),
/// to where the login lands, and valid for ExpiresInSeconds. A space's token is redeemed on the space origin, any
/// other on the domain's.
/// </summary>
internal sealed class LoginTokens(TimeProvider time, IssuedSecrets secrets)
{
    private readonly ConcurrentDictionary<string, Grant> _tokens = new(StringComparer.Ordinal);

    public string Issue(StudioSession session, Landing landing, TimeSpan validFor, TimeSpan sessionLifetime)
    {
        var token = SecretValues.New();
        _tokens[token] = new Grant(session, landing, time.GetUtcNow() + validFor, sessionLifetime);
        secrets.LoginToken(token);
        return token;
    }

    /// <summary>
    /// Consumes a token issued for this origin: a second use fails, as does a use after it expired. A token for the
    /// other origin is not consumed: it is no token here.
    /// </summary>
    public bool TryRedeem(string token, bool onSpaceOrigin, [NotNullWhen(true)] out Grant? grant)
    {
        grant = null;
        if (!_tokens.TryGetValue(token, out var issued) || (issued.Session.SpaceName is not null) != onSpaceOrigin
            || !_tokens.TryRemove(KeyValuePair.Create(token, issued)) || time.GetUtcNow() >= issued.ExpiresAt)
        {
            return false;
        }

        grant = issued;
        return true;
    }

    /// <summary>Where a login lands: the app's Jupyter, or new Studio's UI (a <c>studio::</c> landing).</summary>
    internal enum Landing
    {
        Jupyter,
        StudioUi,
    }

    internal sealed record Grant(StudioSession Session, Landing Landing, DateTimeOffset ExpiresAt, TimeSpan SessionLifetime);
}
